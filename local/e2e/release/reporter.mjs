// node:test reporter of the release rehearsal: one line per check with its figure (the test's diagnostic),
// "not rehearsed" for what this machine could not rehearse (skipped tests, with the reason), and last
// "rehearsal: N passed, N failed" (the line scripts/release-rehearsal always ended with).
// Usage: node --test-reporter=./local/e2e/release/reporter.mjs --test-reporter-destination=stdout ...
const color = process.stdout.isTTY;
const green = (s) => (color ? `\x1b[32m${s}\x1b[0m` : s);
const yellow = (s) => (color ? `\x1b[33m${s}\x1b[0m` : s);

// The assertion's own message (node wraps it in an ERR_TEST_FAILURE whose cause it is).
function reason(error) {
  const e = error?.cause ?? error;
  return String(e?.message ?? e ?? 'failed').trimEnd();
}

export default async function* rehearsalReporter(source) {
  let passed = 0;
  let failed = 0;
  const notRehearsed = [];
  let pending = null; // { line, figures }: printed once the test's diagnostics have arrived
  const flush = () => {
    if (!pending) return '';
    const figures = pending.figures.length ? ` (${pending.figures.join('; ')})` : '';
    const out = pending.fail ? `${yellow('warning:')} FAIL ${pending.name}${figures}: ${pending.reason}\n` : `    ${green('ok')} PASS ${pending.name}${figures}\n`;
    pending = null;
    return out;
  };
  for await (const { type, data } of source) {
    if (type === 'test:diagnostic') {
      // a test's figure (t.diagnostic) follows its pass/fail; the run's own totals carry no file
      if (pending && data.file) pending.figures.push(data.message);
      continue;
    }
    const out = flush();
    if (out) yield out;
    if (type === 'test:stdout' || type === 'test:stderr') {
      yield data.message;
    } else if (type === 'test:pass' && data.details?.type !== 'suite') {
      if (data.skip !== undefined) notRehearsed.push(`${data.name}: ${data.skip}`);
      else {
        passed += 1;
        pending = { name: data.name, figures: [] };
      }
    } else if (type === 'test:fail') {
      const failureType = data.details?.error?.failureType;
      if (data.details?.type === 'suite' && failureType === 'subtestsFailed') continue;
      failed += 1;
      pending = { name: data.name, figures: [], fail: true, reason: reason(data.details?.error) };
    }
  }
  const out = flush();
  if (out) yield out;
  yield '\n';
  for (const n of notRehearsed) yield `${yellow('warning:')} not rehearsed: ${n}\n`;
  yield `rehearsal: ${passed} passed, ${failed} failed\n`;
}

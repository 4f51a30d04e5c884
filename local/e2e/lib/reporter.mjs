// node:test reporters of the local/e2e test programs: one line per check with its figure (the test's
// t.diagnostic), and last "<label>: N passed, N failed".
//   rehearsal (local/e2e/release/reporter.mjs, scripts/release-rehearsal): "ok PASS name (figures)", "warning: FAIL
//             name (figures): reason", "not rehearsed" for what this machine could not rehearse (skipped tests)
//   e2e       (local/e2e/lib/e2e-reporter.mjs, scripts/e2e): the lines scripts/e2e has always printed and counts:
//             "PASS name — figures", "FAIL name — figures; reason" (more lines of the reason indented below),
//             "==> name" for each top-level describe() (a step); scripts/e2e relays them into its own tally
const color = process.stdout.isTTY;
const green = (s) => (color ? `\x1b[32m${s}\x1b[0m` : s);
const yellow = (s) => (color ? `\x1b[33m${s}\x1b[0m` : s);

// The assertion's own message (node wraps it in an ERR_TEST_FAILURE whose cause it is).
export function reason(error) {
  const e = error?.cause ?? error;
  return String(e?.message ?? e ?? 'failed').trimEnd();
}

const STYLES = {
  rehearsal: {
    pass: (name, figures) => `    ${green('ok')} PASS ${name}${figures.length ? ` (${figures.join('; ')})` : ''}\n`,
    fail: (name, figures, why) => `${yellow('warning:')} FAIL ${name}${figures.length ? ` (${figures.join('; ')})` : ''}: ${why}\n`,
    skip: (name, why) => `${yellow('warning:')} not rehearsed: ${name}: ${why}\n`,
    step: () => '',
  },
  e2e: {
    pass: (name, figures) => `PASS ${name}${figures.length ? ` — ${figures.join('; ')}` : ''}\n`,
    fail: (name, figures, why) => {
      const [first, ...more] = why.split('\n');
      return `FAIL ${name} — ${[...figures, first].join('; ')}\n${more.filter((l) => l.trim()).map((l) => `    | ${l}\n`).join('')}`;
    },
    skip: (name, why) => `SKIP ${name}: ${why}\n`,
    step: (name) => `==> ${name}\n`,
  },
};

// A reporter printing in STYLE (a key of STYLES) with LABEL on its last line.
export function lineReporter(style, label) {
  const s = STYLES[style];
  if (!s) throw new Error(`unknown reporter style '${style}'`);
  return async function* reporter(source) {
    let passed = 0;
    let failed = 0;
    const skipped = [];
    let pending = null; // { name, figures, fail, reason }: printed once the test's diagnostics have arrived
    // nesting levels at which a test ended since its parent's level last did: a test ends after its subtests, so a
    // test that finds its level + 1 here had subtests: it is a group (like a suite), its subtests are the checks
    const ended = new Set();
    const hadSubtests = (nesting) => {
      const group = ended.has(nesting + 1);
      ended.delete(nesting + 1);
      ended.add(nesting);
      return group;
    };
    const flush = () => {
      if (!pending) return '';
      const out = pending.fail ? s.fail(pending.name, pending.figures, pending.reason) : s.pass(pending.name, pending.figures);
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
      } else if (type === 'test:start' && data.nesting === 0) {
        const line = s.step(data.name);
        if (line) yield line;
      } else if (type === 'test:pass') {
        if (hadSubtests(data.nesting) || data.details?.type === 'suite') continue;
        if (data.skip !== undefined) skipped.push(s.skip(data.name, data.skip));
        else {
          passed += 1;
          pending = { name: data.name, figures: [] };
        }
      } else if (type === 'test:fail') {
        const failureType = data.details?.error?.failureType;
        if (hadSubtests(data.nesting) && failureType === 'subtestsFailed') continue;
        failed += 1;
        pending = { name: data.name, figures: [], fail: true, reason: reason(data.details?.error) };
      }
    }
    const out = flush();
    if (out) yield out;
    yield '\n';
    yield* skipped;
    yield `${label}: ${passed} passed, ${failed} failed\n`;
  };
}

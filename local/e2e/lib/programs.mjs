// The check programs of local/e2e that print one "PASS …" or "FAIL …" line per check (viewer.mjs, replays.mjs,
// chapters.mjs, hostile-events.mjs, ...), inside a node:test step group: each line becomes one check (a subtest), so
// the e2e reporter prints and scripts/e2e counts them as before.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { run } from './common.mjs';

// Runs CMD ARGS to its end, bounded by SECONDS (coreutils timeout), its output (stdout then stderr) kept in
// ARTIFACTS/LOG: { code, text, log }. --foreground keeps the program in this run's process group, so a TERM that
// stops the run (scripts/e2e's exit trap) reaches it too (it closes its browser on TERM).
export async function runProgram(env, artifacts, log, cmd, args, seconds = 900) {
  const r = await run('timeout', ['--foreground', String(seconds), cmd, ...args], { env });
  const file = path.join(artifacts, log);
  const text = r.stdout + r.stderr;
  fs.writeFileSync(file, text);
  return { code: r.code, text, log: file };
}

// The PASS/FAIL lines of TEXT, in order.
export const resultLines = (text) => text.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));

// One subtest of T per PASS/FAIL line of TEXT, named PREFIX + the rest of the line. Unless a line matches FINISHED
// (by default: any result line), one more failing check FINISHED_NAME says the program did not get to its end.
export async function lineChecks(t, text, { prefix = '', finished = /^(PASS|FAIL) /, finishedName, log }) {
  const lines = resultLines(text);
  for (const line of lines) {
    await t.test(`${prefix}${line.slice(5)}`, () => assert.ok(line.startsWith('PASS'), `see ${log}`));
  }
  if (!lines.some((l) => finished.test(l))) {
    await t.test(finishedName, () => assert.fail(`${lines.length ? 'no final result line' : 'no result lines'} (see ${log})`));
  }
}


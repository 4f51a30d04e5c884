// scripts/check-glibc on binaries built here with gcc (the release job runs it on the native bootstrap): a printf
// program passes --max 2.34; one calling arc4random (glibc 2.36, Debian 12) fails it naming the symbol and passes
// --max 2.36; a file that is not ELF is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exited, figure, ROOT, run, runLogged, tail, tmpDir } from './lib.mjs';

describe('scripts/check-glibc on binaries built here', () => {
  const work = tmpDir('rehearsal-glibc');
  const src = (name) => path.join(work, `${name}.c`);
  const bin = (name) => path.join(work, name);
  let built = '';
  before(async () => {
    const tools = await run('bash', ['-c', 'command -v gcc && command -v readelf']);
    if (tools.code !== 0) {
      built = 'gcc and readelf are needed for the check-glibc rehearsal (scripts/setup installs them)';
      return;
    }
    fs.writeFileSync(src('plain'), '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n');
    // arc4random appeared in glibc 2.36 (Debian 12): a binary calling it needs GLIBC_2.36
    fs.writeFileSync(src('newer'), '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { printf("%u\\n", arc4random()); return 0; }\n');
    for (const name of ['plain', 'newer']) {
      const r = await run('gcc', ['-o', bin(name), src(name)]);
      if (r.code !== 0) built = `gcc could not build the test programs: ${r.stderr.slice(0, 300)}`;
    }
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const check = (name, file, args) => {
    assert.equal(built, '', built);
    return runLogged(work, name, path.join(ROOT, 'scripts/check-glibc'), [file, ...args]);
  };
  test('a printf program passes --max 2.34', async (t) => {
    const r = await check('glibc-plain', bin('plain'), ['--max', '2.34']);
    exited(r, 0, 'check-glibc on a printf program');
    figure(t, (r.out.match(/needs at most GLIBC_[0-9.]*/) || [r.out.trim()])[0]);
  });
  test('a binary calling arc4random fails --max 2.34 and names arc4random@GLIBC_2.36', async (t) => {
    const r = await check('glibc-newer', bin('newer'), ['--max', '2.34']);
    exited(r, 'non-zero', 'check-glibc on a binary that needs GLIBC_2.36');
    const line = r.out.split('\n').find((l) => l.includes('arc4random@GLIBC_2.36'));
    assert.ok(line, `check-glibc failed without naming the symbol: ${tail(r.out, 2)}`);
    figure(t, line.trim());
  });
  test('the same binary passes --max 2.36', async (t) => {
    const r = await check('glibc-newer-ok', bin('newer'), ['--max', '2.36']);
    exited(r, 0, 'check-glibc --max 2.36 on a binary that needs GLIBC_2.36');
    figure(t, (r.out.match(/needs at most GLIBC_[0-9.]*/) || [r.out.trim()])[0]);
  });
  test('a file that is not ELF is refused', async (t) => {
    const r = await check('glibc-not-elf', src('plain'), []);
    exited(r, 'non-zero', 'check-glibc on a C source file');
    figure(t, r.out.trim().split('\n').at(-1));
  });
});

// scripts/setup must leave the machine's own services alone (issue 10: it disabled and killed the system nginx
// whenever it installed any missing package).
//
// setup runs from a copy of scripts/ (so that its "npm ci in frontend/" step has nothing to do) with a PATH in
// which nginx is missing and apt-get, systemctl, service, pkill and killall are recorders: nothing is installed
// and no service of this machine is touched. Every other command is the real one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, run, tmpDir } from './helpers.mjs';

const RECORDERS = ['apt-get', 'apt', 'systemctl', 'service', 'pkill', 'killall', 'invoke-rc.d'];

// A PATH directory with the real commands (first match in PATH wins) except nginx, plus the recorders.
function fakePath(dir, log) {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const name of RECORDERS) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf '%s\\n' "${name} $*" >>'${log}'\nexit 0\n`, { mode: 0o755 });
  }
  // root is only needed for apt-get, which is a recorder here
  fs.writeFileSync(path.join(bin, 'id'), `#!/bin/sh\n[ "$1" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id "$@"\n`, { mode: 0o755 });
  const skip = new Set(['nginx', 'id', ...RECORDERS]);
  for (const d of process.env.PATH.split(':')) {
    let names;
    try { names = fs.readdirSync(d); } catch { continue; }
    for (const n of names) {
      if (skip.has(n) || fs.existsSync(path.join(bin, n))) continue;
      const real = path.join(d, n);
      try { fs.accessSync(real, fs.constants.X_OK); } catch { continue; }
      if (fs.statSync(real).isFile()) fs.symlinkSync(real, path.join(bin, n));
    }
  }
  return bin;
}

const dir = tmpDir('setup');

test('setup installing a missing nginx never stops, disables or signals a service of the machine', async () => {
  const root = path.join(dir, 'repo');
  fs.mkdirSync(path.join(root, 'scripts', 'lib'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'scripts/setup'), path.join(root, 'scripts/setup'));
  fs.copyFileSync(path.join(ROOT, 'scripts/lib/common.sh'), path.join(root, 'scripts/lib/common.sh'));
  fs.chmodSync(path.join(root, 'scripts/setup'), 0o755);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  const bin = fakePath(dir, log);

  const r = await run(path.join(root, 'scripts/setup'), [], {
    env: { ...process.env, PATH: bin, ONAIR_STATE_DIR: path.join(dir, 'state') },
  });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  assert.equal(r.code, 0, `setup failed:\n${r.stdout}\n${r.stderr}`);
  // the recorders work: setup did try to install the missing nginx
  assert.ok(calls.some((c) => /^apt-get install .*\bnginx\b/.test(c)), `apt-get install nginx expected, calls:\n${calls.join('\n')}`);
  const touching = calls.filter((c) => !c.startsWith('apt-get '));
  assert.deepEqual(touching, [], `setup touched the machine's services:\n${touching.join('\n')}`);
});

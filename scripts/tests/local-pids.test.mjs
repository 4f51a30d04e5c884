// scripts/local must check that a pid is the platform's before it signals or trusts it (issue 10: `down`
// signalled whatever process held a pid recorded before a reboot, and `up` then believed a dead service ran).
//
// Each test points a pid file of a private state directory at a `sleep` this test started (a process that is
// NOT the platform's), the way a pid file looks after a reboot or once the platform's process ended and its
// pid was handed to another process. The sleep must survive and no command may report it as the platform.
// The last test runs one real platform process (moto-ssm, via `scripts/local ssm start`) to show the
// platform's own processes are still recognised and stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, exists, freePort, portOpen, run, sleep, startTime, tmpDir, waitFor } from './helpers.mjs';

const LOCAL = path.join(ROOT, 'scripts/local');
// The ports a state directory of an older OnAir recorded (before EMBED_SITE): status and down must still work on it.
const PORT_NAMES = ['MOTO', 'MOTO_SSM', 'GATEWAY', 'EDGE', 'FUNCTION_URL', 'IVS_API', 'PLAYBACK', 'RTMP'];
const BOOT_ID = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const dirs = [];
const sleepers = [];
const orphans = []; // [pid, start time] of processes this test started that no child_process handle owns

after(async () => {
  for (const p of sleepers) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const [pid, start] of orphans) {
    let now = null;
    try { now = startTime(pid); } catch { /* gone */ }
    if (now === start) process.kill(pid, 'SIGKILL'); // still the very process this test started
  }
  // anything `ssm start` left (only if the test failed half way): stopped by the script that started it
  for (const d of dirs) {
    if (fs.existsSync(path.join(d, 'run'))) await local(d, 'down');
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function stateDir() {
  const d = tmpDir('local-pids');
  fs.mkdirSync(path.join(d, 'run'));
  dirs.push(d);
  return d;
}

// A process of this test that is not the platform's.
async function startSleeper() {
  const p = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(p);
  await waitFor('sleep started', () => exists(p.pid), 10);
  return p;
}

function local(dir, ...args) {
  return run(LOCAL, args, { env: { ...process.env, ONAIR_STATE_DIR: dir } });
}

const pidFile = (dir, name) => path.join(dir, 'run', `${name}.pid`);

// the ways a pid file can name a process that is not the one scripts/local started for it
const STALE = {
  'recorded before a reboot': (p) => `${p.pid}\n00000000-0000-0000-0000-000000000000 ${startTime(p.pid)}\n`,
  'recorded by an older scripts/local (pid only)': (p) => `${p.pid}\n`,
  'handed on to a later process': (p) => `${p.pid}\n${BOOT_ID} ${Number(startTime(p.pid)) - 1}\n`,
};

for (const [how, content] of Object.entries(STALE)) {
  test(`down leaves alone, and status does not report, a process whose pid was ${how}`, async () => {
    const dir = stateDir();
    const sleeper = await startSleeper();
    fs.writeFileSync(pidFile(dir, 'moto'), content(sleeper));

    const status = await local(dir, 'status');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /moto\s+stopped/, status.stdout);
    assert.doesNotMatch(status.stdout, /running \(pid/, status.stdout);
    assert.match(status.stderr, /stale pid file .*moto\.pid/, 'status says it removed the stale pid file');
    assert.ok(!fs.existsSync(pidFile(dir, 'moto')), 'the stale pid file is removed');

    fs.writeFileSync(pidFile(dir, 'cloud'), content(sleeper));
    const down = await local(dir, 'down');
    await sleep(300);
    assert.ok(exists(sleeper.pid) && sleeper.exitCode === null && sleeper.signalCode === null,
      `down signalled a process that is not the platform's (pid ${sleeper.pid}):\n${down.stdout}\n${down.stderr}`);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, /stale pid file .*cloud\.pid.*not signalled/, down.stderr);
    assert.ok(!fs.existsSync(pidFile(dir, 'cloud')), 'the stale pid file is removed');
  });
}

// gone: no such process, or a zombie waiting for its parent
function gone(pid) {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

test('down stops what an ended platform process left in its session, and nothing else', async () => {
  const dir = stateDir();
  const outsider = await startSleeper();
  // what start_proc does: a new session whose shell records pid, boot id and start time, here with a child
  // that stays behind when the leader ends
  const script = 's=$(</proc/$$/stat); read -ra f <<<"${s##*) }"; '
    + 'printf "%s\\n%s %s\\n" $$ "$(</proc/sys/kernel/random/boot_id)" "${f[19]}" >"$0"; '
    + 'sleep 600 & echo $! >"$0.child"; exec sleep 601';
  const leader = spawn('setsid', ['bash', '-c', script, pidFile(dir, 'ivs')], { stdio: 'ignore' });
  await waitFor('the session and its child', () => fs.existsSync(`${pidFile(dir, 'ivs')}.child`), 20);
  const child = Number(fs.readFileSync(`${pidFile(dir, 'ivs')}.child`, 'utf8'));
  orphans.push([child, startTime(child)]);
  leader.kill('SIGKILL');
  await waitFor('the leader ended', () => leader.exitCode !== null || leader.signalCode !== null, 20);
  assert.ok(!gone(child), 'the child outlived its leader');

  const down = await local(dir, 'down');
  assert.equal(down.code, 0, `${down.stdout}\n${down.stderr}`);
  await waitFor('the left-behind child stopped', () => gone(child), 20);
  assert.match(down.stderr, /ivs \(pid \d+\) has ended: stopping what it left in its session/);
  assert.ok(!fs.existsSync(pidFile(dir, 'ivs')));
  assert.ok(!gone(outsider.pid), 'a process outside the session survived');
});

test('ssm start does not believe a stale pid file: it starts moto-ssm, which status reports and down stops', async () => {
  const dir = stateDir();
  const ports = {};
  for (const n of PORT_NAMES) ports[n] = await freePort();
  fs.writeFileSync(path.join(dir, 'ports.env'), PORT_NAMES.map((n) => `PORT_${n}=${ports[n]}\n`).join(''));
  const sleeper = await startSleeper();
  fs.writeFileSync(pidFile(dir, 'moto-ssm'), STALE['recorded before a reboot'](sleeper));

  const start = await local(dir, 'ssm', 'start');
  assert.equal(start.code, 0, `${start.stdout}\n${start.stderr}`);
  assert.doesNotMatch(start.stdout, /already running/, 'ssm start believed the stale pid file');
  const [pid, identity] = fs.readFileSync(pidFile(dir, 'moto-ssm'), 'utf8').trim().split('\n');
  assert.notEqual(Number(pid), sleeper.pid);
  assert.equal(identity, `${BOOT_ID} ${startTime(pid)}`, 'the pid file records this boot and the start time');
  assert.ok(await portOpen(ports.MOTO_SSM), 'moto-ssm listens');

  const status = await local(dir, 'status');
  assert.match(status.stdout, new RegExp(`moto-ssm\\s+running \\(pid ${pid}\\)`), status.stdout);

  const down = await local(dir, 'down');
  assert.equal(down.code, 0, `${down.stdout}\n${down.stderr}`);
  assert.match(down.stdout, /moto-ssm stopped/);
  await waitFor('moto-ssm gone', () => !exists(Number(pid)), 20);
  assert.equal(await portOpen(ports.MOTO_SSM), false);
  assert.ok(exists(sleeper.pid) && sleeper.exitCode === null && sleeper.signalCode === null, 'the sleep survived');
});

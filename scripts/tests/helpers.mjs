// Shared helpers of the scripts/ tests (node:test; run by `scripts/test --only scripts`).
// Every process a test starts is its own and is stopped by the test; servers bind to 127.0.0.1 on free ports.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// every scratch directory a test file made is removed when its process ends (node:test runs each file in its own)
const scratch = [];
process.on('exit', () => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

export function tmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onair-${prefix}-`));
  scratch.push(dir);
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function portOpen(port) {
  return new Promise((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port });
    c.once('connect', () => { c.destroy(); resolve(true); });
    c.once('error', () => resolve(false));
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits (bounded) until check() is truthy; fails with what was awaited.
export async function waitFor(what, check, seconds = 120) {
  for (let i = 0; i < seconds * 5; i++) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

// Runs a command to its end: { code, stdout, stderr }.
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// True while a process with this pid exists.
export function exists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Starts a long-running process in its own process group (so the test can stop it with everything it spawned).
export function startGroup(cmd, args, logFile, opts = {}) {
  const log = fs.openSync(logFile, 'a');
  const p = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log], ...opts });
  fs.closeSync(log);
  return p;
}

// Stops a process group this test started: TERM, then KILL after a bounded wait.
export async function stopGroup(p) {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  try { process.kill(-p.pid, 'SIGTERM'); } catch { return; }
  const t = setTimeout(() => { try { process.kill(-p.pid, 'SIGKILL'); } catch { /* already gone */ } }, 15000);
  await gone;
  clearTimeout(t);
  // anything left in the group after its leader exited
  try { process.kill(-p.pid, 'SIGKILL'); } catch { /* none */ }
}

// Field 22 of /proc/PID/stat: the process's start time in clock ticks since boot.
export function startTime(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).split(' ')[19];
}

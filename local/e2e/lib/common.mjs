// Shared helpers of the node:test programs in local/e2e/ (the release rehearsal in release/, the end-to-end test's
// step groups beside this folder). The tests drive the same commands a user runs (scripts/deploy-lambda, scripts/rollback, ...) as child processes
// and read their effects back with the aws CLI (JSON output, JSON.parse) or over HTTP.
// Every process started here is registered and stopped by the test that started it (or on SIGINT/SIGTERM);
// servers bind to 127.0.0.1 on free ports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  freePort, portOpen, ROOT, run, sleep, startGroup, stopGroup, tmpDir as scratchDir, waitFor,
} from '../../../scripts/tests/helpers.mjs';

export { freePort, portOpen, ROOT, run, sleep, waitFor };

// ---------------------------------------------------------------------------------------------- processes
const started = new Set();

// Starts a long-running process in its own process group, logging to logFile; stop it with stop().
export function start(cmd, args, logFile, opts = {}) {
  const p = startGroup(cmd, args, logFile, opts);
  started.add(p);
  p.once('exit', () => started.delete(p));
  return p;
}

export async function stop(p) {
  await stopGroup(p);
  started.delete(p);
}

const dirs = new Set();

// A scratch directory; the test removes it in its after hook, a signal (below) removes it too.
export function tmpDir(prefix) {
  const dir = scratchDir(prefix);
  dirs.add(dir);
  return dir;
}

// Ctrl-C or a TERM from the entry point (scripts/release-rehearsal, scripts/e2e): stop what this process started (only that), remove its scratch
// directories, then exit.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await Promise.all([...started].map((p) => stopGroup(p)));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

export async function waitForPort(port, what, seconds) {
  await waitFor(`${what} on 127.0.0.1:${port}`, () => portOpen(port), seconds);
}

// Runs a command to its end, keeping its output in WORK/<name>.log: { code, out } (stdout and stderr together,
// in the order the command wrote them as far as two pipes allow).
export async function runLogged(work, name, cmd, args, opts = {}) {
  const r = await run(cmd, args, opts);
  const out = r.stdout + r.stderr;
  fs.writeFileSync(path.join(work, `${name}.log`), out);
  return { code: r.code, out };
}

// The last lines of a command's output, for a failure message.
export const tail = (out, n = 15) => out.trimEnd().split('\n').slice(-n).map((l) => `      | ${l}`).join('\n');

// ------------------------------------------------------------------------------------------------ aws CLI
// An environment for the aws CLI and the scripts: the given one plus never page, never prompt.
export function awsEnv(base = process.env, extra = {}) {
  const env = { ...base, ...extra, AWS_PAGER: '' };
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) Object.assign(env, { AWS_REGION: region, AWS_DEFAULT_REGION: region });
  return env;
}

// The aws CLI against a private moto_server at URL, with its test credentials.
export function privateMotoEnv(url) {
  const env = awsEnv(process.env, {
    AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1',
  });
  for (const k of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_IVS', 'AWS_ENDPOINT_URL_SSM', 'AWS_ENDPOINT_URL_SQS']) delete env[k];
  return env;
}

// aws SERVICE OP ... --output json, parsed; throws with the CLI's error. The aws CLI v1 pins SQS in us-east-1 to
// https://queue.amazonaws.com and ignores AWS_ENDPOINT_URL for it (scripts/lib/release.sh, aws_sqs): the
// configured endpoint is passed explicitly for sqs.
export async function aws(env, args) {
  const pre = [];
  const sqsEndpoint = env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL;
  if (args[0] === 'sqs' && sqsEndpoint) pre.push('--endpoint-url', sqsEndpoint);
  const r = await run('aws', [...pre, ...args, '--output', 'json'], { env });
  if (r.code !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : null;
}

// The same, or null when the call fails (a missing alias, object, ...).
export async function awsOrNull(env, args) {
  try {
    return await aws(env, args);
  } catch {
    return null;
  }
}

// ----------------------------------------------------------------------------------------------- checks
// One check's figure: reported on the check's line (local/e2e/lib/reporter.mjs).
export function figure(t, value) {
  t.diagnostic(typeof value === 'string' && value !== '' ? value : JSON.stringify(value));
}

// Asserts ACTUAL equals WANTED (deep, strict) and reports ACTUAL as the check's figure.
export function expect(t, actual, wanted) {
  figure(t, actual);
  assert.deepStrictEqual(actual, wanted, `got ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
}

// Asserts a command's exit status; the failure message carries the end of its output.
export function exited(r, want, what) {
  const ok = want === 'non-zero' ? r.code !== 0 : r.code === want;
  assert.ok(ok, `${what}: exit ${r.code}, want ${want}\n${tail(r.out)}`);
}

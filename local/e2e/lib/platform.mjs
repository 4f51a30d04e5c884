// The running local platform as the end-to-end test's step groups (local/e2e/*.test.mjs) see it: its client
// environment (ONAIR_STATE_DIR/env, what `scripts/local env` prints), its Terraform outputs, the status API through
// the edge, RTMP pushes with ffmpeg and events the way IVS puts them. Every wait is bounded.
import fs from 'node:fs';
import path from 'node:path';
import {
  awsEnv, ROOT, run, sleep, start, stop,
} from './common.mjs';

// ------------------------------------------------------------------------------------------- environment
// The `export NAME=value` lines of the platform's env file (scripts/local write_env: no quoting, one a line).
export function parseEnvFile(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

// The environment of the platform's clients: this process's environment, with the platform's env file
// (ONAIR_STATE_DIR/env, default .local) on top when ONAIR_EDGE_URL is not already set (scripts/e2e sources it).
export function platformEnv(base = process.env) {
  let env = { ...base };
  if (!env.ONAIR_EDGE_URL) {
    const file = path.join(env.ONAIR_STATE_DIR || path.join(ROOT, '.local'), 'env');
    if (!fs.existsSync(file)) throw new Error(`${file} missing: is the local platform up (scripts/local up)?`);
    env = { ...env, ...parseEnvFile(fs.readFileSync(file, 'utf8')) };
  }
  for (const k of ['ONAIR_EDGE_URL', 'ONAIR_RTMP_URL', 'ONAIR_TF_DIR', 'AWS_ENDPOINT_URL']) {
    if (!env[k]) throw new Error(`${k} is not set in the platform's environment`);
  }
  return awsEnv(env);
}

// Where a step group writes its logs and API answers: ONAIR_E2E_ARTIFACTS (scripts/e2e sets .local/e2e-artifacts).
export function artifactsDir(env) {
  const dir = env.ONAIR_E2E_ARTIFACTS || path.join(ROOT, '.local/e2e-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// ------------------------------------------------------------------------------------------- Terraform
// A reader of DIR's Terraform outputs (one `terraform output -json`): out(name) is the value as a string; a missing
// output throws (not applied, or the wrong directory).
export async function tfOutputs(dir, env) {
  const r = await run('terraform', [`-chdir=${dir}`, 'output', '-json'], { env });
  if (r.code !== 0) throw new Error(`terraform output in ${dir}: ${r.stderr.trim()}`);
  const out = JSON.parse(r.stdout);
  return (name) => {
    if (!out[name]) throw new Error(`no Terraform output '${name}' in ${dir} (applied? right directory?)`);
    return String(out[name].value);
  };
}

// The stream key the way the broadcaster gets it: the command Terraform prints (output stream_key_command).
export async function streamKey(out, env) {
  const r = await run('bash', ['-c', out('stream_key_command')], { env });
  if (r.code !== 0) throw new Error(`stream_key_command exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout.replace(/[\r\n]/g, '');
}

// ------------------------------------------------------------------------------------------- the status API
// GET /api/stream through the edge (15 s bound): { code, doc } (code 0 when it did not answer; doc null unless JSON).
// The answer's text is kept in ARTIFACTS/api.json, as scripts/e2e always did.
export async function api(env, artifacts, query = '') {
  let code = 0;
  let text = '';
  try {
    const res = await fetch(`${env.ONAIR_EDGE_URL}api/stream${query}`, { signal: AbortSignal.timeout(15000) });
    code = res.status;
    text = await res.text();
  } catch {
    code = 0;
  }
  if (artifacts) fs.writeFileSync(path.join(artifacts, 'api.json'), text);
  let doc = null;
  try { doc = JSON.parse(text); } catch { doc = null; }
  return { code, doc, text };
}

// Waits (at most SECONDS, polling every 0.5 s) until the API answers 200 with a document for which COND is true:
// { ok, secs, doc, last, lastDoc } (last: the last answer's text, for a failure message; lastDoc: its document).
export async function waitApi(env, artifacts, cond, seconds) {
  const t0 = Date.now();
  let last = '';
  let lastDoc = null;
  while (Date.now() - t0 < seconds * 1000) {
    const r = await api(env, artifacts);
    last = r.code === 200 ? r.text : `HTTP ${r.code} ${r.text}`;
    lastDoc = r.code === 200 ? r.doc : lastDoc;
    let hit = false;
    try { hit = r.code === 200 && r.doc !== null && Boolean(cond(r.doc)); } catch { hit = false; }
    if (hit) return { ok: true, secs: Math.floor((Date.now() - t0) / 1000), doc: r.doc, last, lastDoc };
    await sleep(500);
  }
  return { ok: false, secs: seconds, doc: null, last, lastDoc };
}

// ------------------------------------------------------------------------------------------- RTMP pushes
// The test pattern scripts/e2e pushes: 426x240 at 15 fps with a 440 Hz tone, x264 ultrafast, what OBS would send.
export const PUSH_ARGS = ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=15',
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
  '-g', '30', '-pix_fmt', 'yuv420p', '-b:v', '300k', '-c:a', 'aac', '-b:a', '64k'];

// A bounded (SECONDS, default 10 min) test-pattern push to the platform's ingest with KEY, logging to
// ARTIFACTS/NAME.log; stop it with stopPush (ffmpeg ends the stream cleanly on SIGINT, like a broadcaster stopping).
export function startPush(env, artifacts, key, name, seconds = 600) {
  return start('ffmpeg', [...PUSH_ARGS, '-t', String(seconds), '-f', 'flv', `${env.ONAIR_RTMP_URL}${key}`],
    path.join(artifacts, `${name}.log`), { env });
}

export async function stopPush(p) {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  try { process.kill(p.pid, 'SIGINT'); } catch { return; }
  const t = setTimeout(() => stop(p), 15000); // bounded: TERM/KILL of its group when it does not end
  await gone;
  clearTimeout(t);
}

// ------------------------------------------------------------------------------------------- events
// TIME shifted by SECONDS, as IVS writes event times (ISO 8601, UTC, whole seconds).
export function isoShift(time, seconds) {
  return new Date(new Date(time).getTime() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The PutEvents-shaped body of one aws.ivs event for CHANNEL_ARN.
export function ivsEventEntries(detailType, detail, time, channelArn) {
  return { Entries: [{ Source: 'aws.ivs', DetailType: detailType, Detail: JSON.stringify(detail), Time: time, Resources: [channelArn] }] };
}

// Puts one aws.ivs event the way IVS itself puts it; returns its FailedEntryCount ('?' when there is no answer).
// AWS refuses PutEvents with an aws.* source (the e2e checks that through the gateway), so the fault tests use the
// cloud emulator's service-event endpoint (not an AWS API; PutEvents-shaped JSON; local/cloud/README.md).
export async function putServiceEvent(env, detailType, detail, time, channelArn) {
  try {
    const res = await fetch(`${env.AWS_ENDPOINT_URL.replace(/\/$/, '')}/_onair/aws-service-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ivsEventEntries(detailType, detail, time, channelArn)),
      signal: AbortSignal.timeout(30000),
    });
    return String(JSON.parse(await res.text()).FailedEntryCount);
  } catch {
    return '?';
  }
}

// ------------------------------------------------------------------------------------------- commands
// scripts/local ARGS... against this platform (ONAIR_STATE_DIR from ENV), output in ARTIFACTS/LOG.log: { code, out }.
export async function local(env, artifacts, log, ...args) {
  const r = await run(path.join(ROOT, 'scripts/local'), args, { env });
  const out = r.stdout + r.stderr;
  fs.writeFileSync(path.join(artifacts, `${log}.log`), out);
  return { code: r.code, out };
}

// The last N lines of OUT on one line (a failure's figure).
export const lastLines = (out, n = 3) => out.trimEnd().split('\n').slice(-n).join(' ');

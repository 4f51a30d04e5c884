// The go-live notifications half of scripts/e2e (issue 13, part 2): a real ffmpeg push into the IVS emulator, the
// events function announcing through the webhook Terraform configured locally (notification_webhooks, format json,
// http://127.0.0.1:<NOTIFY_HOOK port>/onair-golive), received here by a real HTTP server. Each check prints one line,
// "PASS name: detail" or "FAIL name: detail"; scripts/e2e counts them.
//
// Usage: node local/e2e/notify.mjs --url EDGE_URL --rtmp RTMP_URL_WITH_KEY --port NOTIFY_HOOK_PORT --window SECONDS
//                                  --viewer-url VIEWER_URL --artifacts DIR
//   0. the receiver listens on 127.0.0.1:PORT; the API is idle (not reconnecting: a push inside an earlier
//      broadcast's window would continue that broadcast)
//   1. push: the API says live with stream A; the receiver gets exactly ONE announcement, for A, with the channel's
//      title (as /api/stream serves it) and the viewer URL (terraform output viewer_url)
//   2. the connection drops (ffmpeg killed) and comes back within the window: the API says live with stream B, and
//      no second announcement arrives
//   3. stop; the API turns idle after the window
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    rtmp: { type: 'string' },
    port: { type: 'string' },
    window: { type: 'string' },
    'viewer-url': { type: 'string' },
    artifacts: { type: 'string' },
    help: { type: 'boolean' },
  },
});
const USAGE = 'Usage: node local/e2e/notify.mjs --url EDGE_URL --rtmp RTMP_URL_WITH_KEY --port NOTIFY_HOOK_PORT '
  + '--window SECONDS --viewer-url VIEWER_URL --artifacts DIR';
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const k of ['url', 'rtmp', 'port', 'window', 'viewer-url', 'artifacts']) {
  if (!opt[k]) {
    console.error(`notify.mjs: --${k} is required\n${USAGE}`);
    process.exit(2);
  }
}
const port = Number(opt.port);
const windowS = Number(opt.window);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(windowS) || windowS < 1) {
  console.error(`notify.mjs: --port must be a TCP port and --window a positive number of seconds\n${USAGE}`);
  process.exit(2);
}
mkdirSync(opt.artifacts, { recursive: true });

let failed = 0;
const pass = (name, detail = '') => console.log(`PASS ${name}: ${detail}`);
const fail = (name, detail = '') => {
  failed += 1;
  console.log(`FAIL ${name}: ${detail}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Polls fn until it returns a truthy value or the time is up (bounded); returns the last value. */
async function until(fn, timeoutMs, everyMs = 500) {
  const end = Date.now() + timeoutMs;
  let v;
  do {
    v = await fn().catch(() => null);
    if (v) return v;
    await sleep(everyMs);
  } while (Date.now() < end);
  return v;
}

let last = null;
async function api() {
  const res = await fetch(new URL('api/stream', opt.url), { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(10000) });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  last = await res.json();
  return last;
}
const apiWhen = (cond, timeoutMs) => until(async () => {
  const d = await api();
  return cond(d) ? d : null;
}, timeoutMs, 500);

// ---------------------------------------------------------------- the webhook receiver
const received = [];
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    received.push({ at: new Date().toISOString(), method: req.method, path: req.url, type: req.headers['content-type'], body });
    res.writeHead(204).end();
  });
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const announcements = () => received.filter((r) => r.method === 'POST' && r.path === '/onair-golive');

const pushes = [];
function push(name) {
  const log = openSync(join(opt.artifacts, `${name}.log`), 'w');
  const p = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=15',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
    '-g', '30', '-pix_fmt', 'yuv420p', '-b:v', '300k', '-c:a', 'aac', '-b:a', '64k', '-t', '600', '-f', 'flv', opt.rtmp],
  { stdio: ['ignore', log, log] });
  const exited = new Promise((r) => p.once('exit', r));
  pushes.push({ p, exited });
  return {
    /** The broadcaster's connection drops: the ffmpeg we started is killed (no graceful end). */
    async cut() {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      await exited;
    },
    /** The broadcaster stops (ffmpeg ends its stream). */
    async stop() {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGINT');
      await exited;
    },
  };
}

try {
  // 0. a new broadcast needs an idle channel: wait out an earlier broadcast's window
  const idle = await apiWhen((d) => d.status === 'idle', (windowS + 90) * 1000);
  if (!idle) {
    fail('notify: the channel is idle before the push', JSON.stringify(last));
    throw new Error('not idle');
  }
  const before = announcements().length;

  // 1. a push is a new broadcast: one announcement
  const first = push('notify-push-1');
  const live1 = await apiWhen((d) => d.status === 'live' && d.streamId, 150000);
  if (!live1) {
    fail('notify: live', JSON.stringify(last));
    throw new Error('not live');
  }
  const got = await until(async () => (announcements().length > before ? announcements() : null), 60000);
  if (!got) {
    fail('notify: a push notifies the local webhook', `nothing on 127.0.0.1:${port}/onair-golive within 60 s of live (${live1.streamId})`);
    throw new Error('no announcement');
  }
  await sleep(5000); // a second delivery of the same Start, if any, would land now
  const afterStart = announcements().slice(before);
  if (afterStart.length === 1) pass('notify: a push notifies the local webhook exactly once', `${afterStart.length} POST for ${live1.streamId}`);
  else fail('notify: a push notifies the local webhook exactly once', `${afterStart.length} POSTs: ${afterStart.map((a) => a.body).join(' | ')}`);
  let doc = null;
  try {
    doc = JSON.parse(afterStart[0].body);
  } catch (e) {
    fail('notify: the announcement is JSON', `${e.message}: ${afterStart[0].body}`);
  }
  if (doc) {
    const wantTitle = live1.title ?? null;
    const okDoc = doc.event === 'live' && doc.streamId === live1.streamId && doc.url === opt['viewer-url'] && doc.title === wantTitle
      && typeof doc.startedAt === 'string' && /^application\/json/.test(afterStart[0].type || '');
    if (okDoc) pass('notify: the announcement carries the stream, the title and the viewer URL', afterStart[0].body);
    else fail('notify: the announcement carries the stream, the title and the viewer URL',
      `got ${afterStart[0].body} (${afterStart[0].type}); want streamId ${live1.streamId}, title ${JSON.stringify(wantTitle)}, url ${opt['viewer-url']}`);
  }

  // 2. the connection drops and comes back within the window: the same broadcast, no second announcement
  await first.cut();
  const reconnecting = await apiWhen((d) => d.status === 'reconnecting' || (d.status === 'idle' && d.streamId === live1.streamId), 60000);
  const cutAt = Date.now();
  if (!reconnecting || reconnecting.status !== 'reconnecting') {
    fail('notify: the cut opens the reconnect window', JSON.stringify(last));
  }
  const second = push('notify-push-2');
  const live2 = await apiWhen((d) => d.status === 'live' && d.streamId && d.streamId !== live1.streamId, (windowS + 60) * 1000);
  const backWithin = live2 ? (Date.now() - cutAt) / 1000 : null;
  if (!live2) {
    fail('notify: back live with a new stream within the window', JSON.stringify(last));
  } else {
    await sleep(10000); // the announcement would follow the Start's write at once
    const all = announcements().slice(before);
    if (all.length === 1) {
      pass('notify: a reconnect inside the window does not notify again',
        `live again with ${live2.streamId} ~${backWithin.toFixed(0)} s after the cut (window ${windowS} s); still 1 POST`);
    } else {
      fail('notify: a reconnect inside the window does not notify again', `${all.length} POSTs: ${all.map((a) => a.body).join(' | ')}`);
    }
  }

  // 3. the broadcaster stops
  await second.stop();
  if (await apiWhen((d) => d.status === 'idle', (windowS + 90) * 1000)) pass('notify: idle after the window', '');
  else fail('notify: idle after the window', JSON.stringify(last));
} catch (e) {
  if (!failed) fail('notify: session', e.message);
} finally {
  for (const { p, exited } of pushes) {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await exited;
  }
  writeFileSync(join(opt.artifacts, 'notify-received.json'), JSON.stringify(received, null, 2));
  await new Promise((r) => server.close(r));
}
process.exit(failed ? 1 : 0);

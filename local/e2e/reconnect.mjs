// The reconnect and viewer-count half of scripts/e2e (issue 12, parts 2 and 3): a real ffmpeg push into the IVS
// emulator, the status API through the local edge, real Chromium on the viewer page. Each check prints one line,
// "PASS name: detail" or "FAIL name: detail"; scripts/e2e counts them.
//
// Usage: node local/e2e/reconnect.mjs --url EDGE_URL --rtmp RTMP_URL_WITH_KEY --artifacts DIR --window SECONDS
//   1. push; the API says live with a recording (dvr.playlistUrl); Chromium plays the page
//   2. while the browser plays, the API's viewerCount (IVS GetStream) reaches 1 and the page shows it
//   3. cut the push: the API says "reconnecting" (same recording to rewind into) and the page says
//      "The broadcaster is reconnecting…"
//   4. push again within the window: the API says live with a NEW stream id and the SAME dvr.playlistUrl
//   5. stop: after the window the API says idle
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'frontend', 'package.json'));
const { chromium } = require('playwright-core');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    rtmp: { type: 'string' },
    artifacts: { type: 'string' },
    window: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (opt.help) {
  console.log('Usage: node local/e2e/reconnect.mjs --url EDGE_URL --rtmp RTMP_URL_WITH_KEY --artifacts DIR --window SECONDS');
  process.exit(0);
}
for (const k of ['url', 'rtmp', 'artifacts', 'window']) {
  if (!opt[k]) {
    console.error(`reconnect.mjs: --${k} is required`);
    process.exit(2);
  }
}
mkdirSync(opt.artifacts, { recursive: true });
const windowS = Number(opt.window);

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
  };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
const shot = (page, name) => page.screenshot({ path: join(opt.artifacts, `${name}.png`) }).catch(() => {});
const pageState = (page) => page.evaluate(() => ({
  view: document.documentElement.dataset.view || null,
  title: document.getElementById('offline-title')?.textContent || '',
  offlineHidden: document.getElementById('offline')?.hidden ?? null,
  thumb: document.getElementById('thumb')?.hidden === false ? document.getElementById('thumb').getAttribute('src') : null,
  viewers: document.getElementById('viewers')?.hidden === false ? document.getElementById('viewers').textContent : null,
  liveT: document.getElementById('live-video')?.currentTime ?? 0,
}));

try {
  // 1. live with a recording
  const first = push('reconnect-push-1');
  const live1 = await apiWhen((d) => d.status === 'live' && d.dvr && d.dvr.playlistUrl, 150000);
  if (!live1) {
    fail('reconnect: live with a recording', JSON.stringify(last));
    throw new Error('not live');
  }
  pass('reconnect: live with a recording', `${live1.streamId}, ${live1.dvr.playlistUrl}`);
  const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
  await page.goto(opt.url, { waitUntil: 'load' });
  const playing = await until(async () => {
    const s = await pageState(page);
    return s.view === 'live' && s.liveT > 2 ? s : null;
  }, 60000, 500);
  if (playing) pass('reconnect: the browser plays the live stream', `currentTime ${playing.liveT.toFixed(1)} s`);
  else fail('reconnect: the browser plays the live stream', JSON.stringify(await pageState(page)));

  // 2. the viewer count (IVS counts a view within ~15 s; the status refreshes it at most once per reconcile interval)
  const counted = await apiWhen((d) => d.status === 'live' && Number.isInteger(d.viewerCount) && d.viewerCount >= 1, 90000);
  if (counted) pass('viewers: while the browser plays, the API says viewerCount >= 1', `viewerCount ${counted.viewerCount}`);
  else fail('viewers: while the browser plays, the API says viewerCount >= 1', JSON.stringify(last));
  // the page polls gently while live (15-30 s): give it two polls
  const shown = await until(async () => {
    const s = await pageState(page);
    return s.viewers && /^[1-9][0-9,]* watching$/.test(s.viewers) ? s : null;
  }, 70000, 1000);
  await shot(page, 'reconnect-1-live-viewers');
  if (shown) pass('viewers: the page shows the count', `"${shown.viewers}"`);
  else fail('viewers: the page shows the count', JSON.stringify(await pageState(page)));

  // 3. cut: reconnecting, same recording, page says so
  const cutAt = Date.now();
  await first.cut();
  const reconnecting = await apiWhen((d) => d.status === 'reconnecting', windowS * 1000);
  if (reconnecting) {
    pass('reconnect: after the cut the API says reconnecting', `${((Date.now() - cutAt) / 1000).toFixed(1)} s after the cut, dvr ${reconnecting.dvr ? reconnecting.dvr.playlistUrl : null}`);
    if (reconnecting.dvr && reconnecting.dvr.playlistUrl === live1.dvr.playlistUrl && reconnecting.playbackUrl === null && reconnecting.viewerCount === null) {
      pass('reconnect: while reconnecting the recording stays rewindable', reconnecting.dvr.playlistUrl);
    } else {
      fail('reconnect: while reconnecting the recording stays rewindable', JSON.stringify(reconnecting));
    }
  } else {
    fail('reconnect: after the cut the API says reconnecting', JSON.stringify(last));
  }
  const pageSays = await until(async () => {
    const s = await pageState(page);
    return s.view === 'reconnecting' && s.offlineHidden === false && s.title === 'The broadcaster is reconnecting…' ? s : null;
  }, Math.max(5000, windowS * 1000 - (Date.now() - cutAt)), 250);
  await shot(page, 'reconnect-2-reconnecting');
  if (pageSays) pass('reconnect: the page says "The broadcaster is reconnecting…"', `thumbnail ${pageSays.thumb}`);
  else fail('reconnect: the page says "The broadcaster is reconnecting…"', JSON.stringify(await pageState(page)));

  // 4. push again within the window: live again, a new stream, the same recording
  const elapsed = (Date.now() - cutAt) / 1000;
  if (elapsed >= windowS) fail('reconnect: second push within the window', `${elapsed.toFixed(1)} s after the cut (window ${windowS} s)`);
  const second = push('reconnect-push-2');
  const live2 = await apiWhen((d) => d.status === 'live' && d.streamId !== live1.streamId, 90000);
  if (live2 && live2.dvr && live2.dvr.playlistUrl === live1.dvr.playlistUrl) {
    pass('reconnect: live again with a new stream id and the same recording playlist', `${live2.streamId}, ${live2.dvr.playlistUrl}`);
  } else {
    fail('reconnect: live again with a new stream id and the same recording playlist', JSON.stringify(last));
  }
  const backLive = await until(async () => {
    const s = await pageState(page);
    return s.view === 'live' && s.offlineHidden === true ? s : null;
  }, 60000, 500);
  await shot(page, 'reconnect-3-back-live');
  if (backLive) pass('reconnect: the page is live again by itself');
  else fail('reconnect: the page is live again by itself', JSON.stringify(await pageState(page)));
  const counted2 = await apiWhen((d) => d.status === 'live' && d.streamId === (live2 && live2.streamId) && d.viewerCount >= 1, 90000);
  if (counted2) pass('viewers: after the reconnect the browser is counted on the new stream', `viewerCount ${counted2.viewerCount}`);
  else fail('viewers: after the reconnect the browser is counted on the new stream', JSON.stringify(last));

  // 5. stop for good: offline after the window
  await second.cut();
  const idle = await apiWhen((d) => d.status === 'idle', (windowS + 90) * 1000);
  if (idle) pass('reconnect: after the window the API says idle', `lastLiveAt ${idle.lastLiveAt}`);
  else fail('reconnect: after the window the API says idle', JSON.stringify(last));
  await page.close();
} catch (e) {
  fail('reconnect: session ran', String(e && e.stack ? e.stack : e));
} finally {
  for (const { p, exited } of pushes) {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await exited;
  }
  await browser.close();
}
process.exit(failed ? 1 : 0);

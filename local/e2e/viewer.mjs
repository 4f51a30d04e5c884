// The browser half of scripts/e2e: real Chromium (playwright-core, /usr/bin/chromium) opens the local
// viewer URL served by the local edge and checks what a viewer sees. Each check prints one line,
// "PASS name: detail" or "FAIL name: detail"; scripts/e2e counts them. The page is driven through its
// real controls (#seek, #golive) and observed through its DOM (html[data-view], the two <video>s).
//
// Usage: node local/e2e/viewer.mjs --url URL --artifacts DIR --push-started-ms EPOCH_MS --stop-marker FILE
//   1. live: the live <video> plays (currentTime advances)
//   2. once the push is 60 s old: seek back 45 s -> the recording (/ivs/v1/...) plays, ~45 s behind live
//   3. LIVE -> back to the live edge
//   prints "PHASE live-done", waits for STOP-MARKER to exist (scripts/e2e stops the push), then
//   4. the page shows the offline/ended state
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is a dev dependency of the player (frontend/): reuse it rather than a second copy.
const require = createRequire(join(root, 'frontend', 'package.json'));
const { chromium } = require('playwright-core');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    artifacts: { type: 'string' },
    'push-started-ms': { type: 'string' },
    'stop-marker': { type: 'string' },
    'offline-timeout-s': { type: 'string', default: '150' },
  },
});
for (const k of ['url', 'artifacts', 'push-started-ms', 'stop-marker']) {
  if (!opt[k]) {
    console.error(`viewer.mjs: --${k} is required`);
    process.exit(2);
  }
}
mkdirSync(opt.artifacts, { recursive: true });

let failed = 0;
const pass = (name, detail = '') => console.log(`PASS ${name}: ${detail}`);
const fail = (name, detail = '') => {
  failed += 1;
  console.log(`FAIL ${name}: ${detail}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value or the time is up; returns the last value. */
async function until(fn, timeoutMs, everyMs = 500) {
  const end = Date.now() + timeoutMs;
  let v;
  do {
    v = await fn();
    if (v) return v;
    await sleep(everyMs);
  } while (Date.now() < end);
  return v;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
const pageErrors = [];
const consoleErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
const requests = [];
page.on('request', (r) => requests.push(r.url()));
const shot = (name) => page.screenshot({ path: join(opt.artifacts, `${name}.png`) }).catch(() => {});

/** What the page shows: its view, which <video> is visible, their times, the "behind live" label. */
const observe = () =>
  page.evaluate(() => {
    const v = (id) => {
      const el = document.getElementById(id);
      return el ? { hidden: el.hidden, t: el.currentTime, paused: el.paused, ready: el.readyState } : null;
    };
    const txt = (id) => document.getElementById(id)?.textContent?.trim() ?? null;
    return {
      view: document.documentElement.dataset.view ?? null,
      badge: document.getElementById('badge')?.dataset.kind ?? null,
      live: v('live-video'),
      dvr: v('dvr-video'),
      behind: txt('behind'),
      offlineHidden: document.getElementById('offline')?.hidden ?? null,
      offlineTitle: txt('offline-title'),
      liveButton: document.getElementById('golive')?.getAttribute('aria-pressed') ?? null,
    };
  });

/** Seconds behind live shown by the page ("0:45 behind live" / "1:02:03 behind live" / "Live"). */
const behindSeconds = (text) => {
  if (!text || /^live$/i.test(text)) return 0;
  const m = text.match(/(\d+(?::\d+){0,2})/);
  if (!m) return null;
  return m[1].split(':').reduce((acc, n) => acc * 60 + Number(n), 0);
};

/** True when the <video> (id), once visible and with data, advances by at least `seconds` of media time. */
async function advances(id, seconds, timeoutMs) {
  const pick = (o) => (id === 'live-video' ? o.live : o.dvr);
  const end = Date.now() + timeoutMs;
  let start = null;
  while (Date.now() < end) {
    const v = pick(await observe());
    if (v && !v.hidden && v.ready >= 2) {
      if (start === null) start = v.t;
      else if (v.t - start >= seconds) return { ok: true, start, end: v.t };
    }
    await sleep(500);
  }
  return { ok: false, start: start ?? 0 };
}

try {
  // 1. live
  await page.goto(opt.url, { waitUntil: 'load' });
  const liveView = await until(async () => (await observe()).view === 'live', 30_000);
  if (liveView) pass('page shows live', `html[data-view=live] at ${opt.url}`);
  else fail('page shows live', `view=${(await observe()).view}`);
  const livePlay = await advances('live-video', 3, 30_000);
  await shot('1-live');
  if (livePlay.ok) pass('Chromium plays the live stream', `live currentTime ${livePlay.start.toFixed(1)} -> ${livePlay.end.toFixed(1)}`);
  else fail('Chromium plays the live stream', JSON.stringify(await observe()));

  // 2. after a minute of stream, seek back 45 s into the recording
  const waitMs = Number(opt['push-started-ms']) + 62_000 - Date.now();
  if (waitMs > 0) {
    console.log(`INFO waiting ${Math.round(waitMs / 1000)} s until the stream is a minute old`);
    await sleep(waitMs);
  }
  // IVS writes the recording's playlists some time after going live; the page offers rewind once they can play
  const rewindReady = await until(async () => (await page.getAttribute('html', 'data-rewind')) === 'ready', 120_000);
  if (rewindReady) console.log(`INFO rewind offered ${((Date.now() - Number(opt['push-started-ms'])) / 1000).toFixed(0)} s after the push started`);
  else fail('rewind offered once the recording can play', `html[data-rewind]=${await page.getAttribute('html', 'data-rewind')} 120 s after a minute of stream`);
  const seek = page.locator('#seek');
  const setSeek = (value) =>
    seek.evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  const range = await seek.evaluate((el) => ({ min: Number(el.min), max: Number(el.max), value: Number(el.value) }));
  // The range spans the seekable window with the live edge at max (value = position in seconds).
  await setSeek(range.max - 45);
  let behind = await until(async () => {
    const o = await observe();
    const b = behindSeconds(o.behind);
    return b !== null && b >= 30 ? b : null;
  }, 5_000);
  if (!behind && range.min === 0 && range.value === 0) {
    // a range measured in "seconds behind live" (0 = live) instead
    await setSeek(45);
    behind = await until(async () => {
      const b = behindSeconds((await observe()).behind);
      return b !== null && b >= 30 ? b : null;
    }, 5_000);
  }
  const dvrPlay = await advances('dvr-video', 3, 30_000);
  const recordingRequests = requests.filter((u) => u.includes('/ivs/v1/'));
  await shot('2-dvr-45s-back');
  const o2 = await observe();
  const b2 = behindSeconds(o2.behind);
  if (dvrPlay.ok && recordingRequests.length > 0 && b2 !== null && b2 >= 35 && b2 <= 70) {
    pass('seeking back 45 s plays recorded content',
      `dvr currentTime ${dvrPlay.start.toFixed(1)} -> ${dvrPlay.end.toFixed(1)}, "${o2.behind}", ${recordingRequests.length} requests under /ivs/v1/`);
  } else {
    fail('seeking back 45 s plays recorded content',
      `range=${JSON.stringify(range)} behind="${o2.behind}" dvr=${JSON.stringify(o2.dvr)} recording requests=${recordingRequests.length}`);
  }

  // 3. LIVE returns to the edge
  await page.locator('#golive').click();
  const back = await until(async () => {
    const o = await observe();
    return o.live && !o.live.hidden && (o.dvr?.hidden ?? true) && (behindSeconds(o.behind) ?? 99) <= 10 ? o : null;
  }, 15_000);
  const livePlay2 = back ? await advances('live-video', 2, 20_000) : { ok: false };
  await shot('3-back-to-live');
  if (back && livePlay2.ok) pass('LIVE returns to the live edge', `behind="${back.behind}", live video playing`);
  else fail('LIVE returns to the live edge', JSON.stringify(await observe()));

  // 4. the push stops (scripts/e2e does it) -> offline
  console.log('PHASE live-done');
  const markerOk = await until(async () => existsSync(opt['stop-marker']), 180_000, 250);
  if (!markerOk) fail('push stopped by scripts/e2e', `no ${opt['stop-marker']} within 180 s`);
  const offline = await until(async () => {
    const o = await observe();
    // "reconnecting" (the reconnect window, issue 12) is not offline yet: wait for the window to close
    return (o.view === 'ended' || o.view === 'offline') && o.offlineHidden === false ? o : null;
  }, Number(opt['offline-timeout-s']) * 1000, 1000);
  await shot('4-offline');
  if (offline) pass('the page shows offline after the push stops', `view=${offline.view}, "${offline.offlineTitle}"`);
  else fail('the page shows offline after the push stops', JSON.stringify(await observe()));

  // Chromium logs an HTTP error answer (the live playlist's 404 once the stream ends, the 5xx of the fault
  // tests) as a console error of its own; that is not a script error. Anything else is.
  const scriptErrors = consoleErrors.filter((line) => !line.startsWith('Failed to load resource'));
  const noise = `${consoleErrors.length - scriptErrors.length} HTTP error answer(s) logged by the browser`;
  if (pageErrors.length === 0 && scriptErrors.length === 0) pass('no uncaught errors or console errors in the page', noise);
  else fail('no uncaught errors or console errors in the page', [...pageErrors, ...scriptErrors].slice(0, 3).join(' | '));
} catch (e) {
  fail('browser session', String(e?.stack ?? e));
  await shot('error');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

// The viewer page in real Chromium against real servers and a real ffmpeg HLS stream:
// offline → live (plays) → rewind 30 s into the recording → LIVE → stream ends. Screenshots of each
// state go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, axeSerious } from './chromium.mjs';
import { DIST, Harness, RENDITIONS } from './harness.mjs';

const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let h, browser, context, page;
const pageErrors = [];
const consoleErrors = [];
const networkNoise = [];

async function shot(name, p = page) {
  const file = join(RESULTS, name);
  await p.screenshot({ path: file });
  console.log(`  screenshot: ${file}`);
}

function watch(p) {
  p.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
  p.on('console', (m) => {
    if (m.type() !== 'error') return;
    // the browser's own log line for an HTTP error answer (e.g. the live playlist's 404 after the stream
    // ended) is not a script error; everything else (uncaught errors, CSP violations, our code) is
    if (m.text().startsWith('Failed to load resource')) networkNoise.push(m.text());
    else consoleErrors.push(m.text());
  });
}

async function videoTime(selector, p = page) {
  return p.$eval(selector, (v) => v.currentTime);
}

/** Waits until `selector`'s currentTime moves forward by at least `by` seconds. */
async function assertAdvancing(selector, by = 1, p = page) {
  const t1 = await videoTime(selector, p);
  await p.waitForFunction(([s, t, d]) => document.querySelector(s).currentTime > t + d, [selector, t1, by], { timeout: 15000 });
  return videoTime(selector, p);
}

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  assert.ok(readdirSync(DIST).includes('index.html'), 'dist/ must be built first (npm run build)');
  h = new Harness();
  await h.start();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

test('offline: says so, with when it was last live and the latest thumbnail; loads no player code', async () => {
  h.setStatus(h.idleStatus(new Date(Date.now() - 2 * 3600_000).toISOString()));
  await page.goto(h.siteUrl);
  await page.waitForSelector('html[data-view="offline"]');
  assert.equal(await page.textContent('#offline-title'), 'The stream is offline');
  assert.match(await page.textContent('#offline-detail'), /^Last live 2 hours ago \(/);
  await page.waitForFunction(() => document.querySelector('#thumb').naturalWidth === 320);
  assert.equal(await page.isVisible('#thumb'), true);
  assert.equal(await page.isVisible('#controls'), false);
  assert.equal(await page.textContent('#announcer'), 'The stream is offline.');
  const loaded = h.requests.filter((r) => /\/assets\/(player|hls|ivs|amazon-ivs)/.test(r));
  assert.deepEqual(loaded, [], 'the offline first view must not load the player or an engine');
  assert.deepEqual(await axeSerious(page), []);
  await shot('1-offline.png');
});

test('the IVS engine boots from our own origin (wasm worker + wasm, under the CSP)', async () => {
  // a second tab, so the main page keeps its own timeline; the IVS player cannot reach a real IVS host
  // here, so this checks what can be checked offline: the SDK loads its worker and wasm from 'self'
  const p = await context.newPage();
  watch(p);
  await p.goto(h.siteUrl);
  const chunk = readdirSync(join(DIST, 'assets')).find((f) => /^ivs-.*\.js$/.test(f));
  assert.ok(chunk, 'the IVS engine is a separate chunk');
  const before = h.requests.length;
  const state = await p.evaluate(async (src) => {
    const m = await import(src);
    if (!m.supported()) return 'unsupported';
    const v = document.createElement('video');
    const e = new m.IvsEngine({ video: v });
    const ready = new Promise((resolve) => e.on('qualities', resolve));
    e.load('https://invalid.example.live-video.net/api/video/v1/none.m3u8');
    await Promise.race([ready, new Promise((r) => setTimeout(r, 4000))]);
    e.destroy();
    return 'created';
  }, '/assets/' + chunk);
  assert.equal(state, 'created');
  const fetched = h.requests.slice(before);
  assert.ok(fetched.some((r) => /^\/assets\/amazon-ivs-wasmworker\.min-[\w-]+\.js$/.test(r)), `wasm worker fetched from our origin: ${fetched}`);
  assert.ok(fetched.some((r) => /^\/assets\/amazon-ivs-wasmworker\.min-[\w-]+\.wasm$/.test(r)), `wasm fetched from our origin: ${fetched}`);
  await p.close();
});

test('goes live by itself: plays the live source (currentTime advances), quality menu lists renditions', async () => {
  h.startStream();
  // the broadcaster needs a few segments before the "Stream Start" is worth announcing
  while ((await h.recordedSeconds()) < 3) await new Promise((r) => setTimeout(r, 250));
  h.setStatus(h.liveStatus());
  const t0 = Date.now();
  // offline re-check: every 4 s ± 20 %
  await page.waitForSelector('html[data-view="live"]', { timeout: 25000 });
  console.log(`  noticed live after ${Date.now() - t0} ms`);
  await page.waitForSelector('#controls:not([hidden])');
  const t = await assertAdvancing('#live-video', 1.5);
  assert.ok(t > 0);
  assert.equal(await page.isVisible('#offline'), false);
  assert.equal(await page.getAttribute('#golive', 'aria-pressed'), 'true');
  const options = await page.$$eval('#quality option', (o) => o.map((x) => x.textContent));
  assert.deepEqual(options.map((o) => o.split(' ')[0]), ['Auto', ...RENDITIONS.map((r) => r.name)]);
  assert.equal(await page.inputValue('#quality'), 'auto');
  // pick the lowest rendition, keep playing, back to auto
  await page.selectOption('#quality', { label: options[2] });
  await assertAdvancing('#live-video', 1);
  await page.selectOption('#quality', 'auto');
  assert.deepEqual(await axeSerious(page), []);
  await shot('2-live.png');
});

test('keyboard: k pauses and resumes, m mutes', async () => {
  await page.focus('body');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('#live-video').paused);
  assert.equal(await page.getAttribute('#play', 'aria-label'), 'Play');
  await page.keyboard.press('k');
  await page.waitForFunction(() => !document.querySelector('#live-video').paused);
  await assertAdvancing('#live-video', 0.5);
  const wasMuted = await page.$eval('#live-video', (v) => v.muted);
  await page.keyboard.press('m');
  assert.equal(await page.$eval('#live-video', (v) => v.muted), !wasMuted);
  assert.equal(await page.getAttribute('#mute', 'aria-pressed'), String(!wasMuted));
});

test('DVR: seeking back 30 s plays the recording from there, and shows how far behind live', async () => {
  // the recording must hold more than 30 s before we can rewind 30 s into it
  while ((await h.recordedSeconds()) < 36) await new Promise((r) => setTimeout(r, 500));
  const startedAt = h.streamStartedAt.getTime();
  // rewind is offered once the recorded playlist can play
  await page.waitForSelector('html[data-rewind="ready"]', { timeout: 20000 });
  // drag the seek bar (a range input) to 30 s behind live
  await page.$eval('#seek', (s) => {
    s.value = String(Number(s.max) - 30);
    s.dispatchEvent(new Event('input', { bubbles: true }));
    s.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const seekedAt = Date.now();
  await page.waitForSelector('html[data-mode="recording"]');
  await page.waitForFunction(() => document.querySelector('#dvr-video').readyState >= 3, null, { timeout: 15000 });
  const pos = await assertAdvancing('#dvr-video', 1);
  // the recording time we play maps back to ~30 s behind the wall clock at the moment of the seek
  const expected = (seekedAt - startedAt) / 1000 - 30;
  assert.ok(Math.abs(pos - expected) < 6, `recording position ${pos.toFixed(1)} s, expected about ${expected.toFixed(1)} s`);
  assert.equal(await page.isVisible('#dvr-video'), true);
  assert.equal(await page.isVisible('#live-video'), false);
  assert.equal(await page.getAttribute('#golive', 'aria-pressed'), 'false');
  const behind = Number(await page.getAttribute('html', 'data-behind'));
  assert.ok(behind >= 28 && behind <= 40, `behind live: ${behind} s`);
  assert.match(await page.getAttribute('#seek', 'aria-valuetext'), /^0:[234]\d behind live$/);
  assert.match(await page.textContent('#behind'), /behind live/);
  await shot('3-dvr.png');
  // keyboard on the slider: → moves 10 s towards live, inside the same recording
  await page.focus('#seek');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => Number(document.documentElement.dataset.behind) <= 25);
  assert.equal(await page.getAttribute('html', 'data-mode'), 'recording');
  const after = Number(await page.getAttribute('html', 'data-behind'));
  assert.ok(after >= 15 && after <= 25, `behind live after →: ${after} s`);
  await assertAdvancing('#dvr-video', 1);
});

test('LIVE (the l key) returns to the live edge', async () => {
  await page.focus('body');
  await page.keyboard.press('l');
  await page.waitForSelector('html[data-mode="live"]');
  await assertAdvancing('#live-video', 1);
  assert.equal(await page.getAttribute('#golive', 'aria-pressed'), 'true');
  await page.waitForFunction(() => Number(document.documentElement.dataset.behind) <= 8);
  assert.equal(await page.textContent('#behind'), 'Live');
  await shot('4-back-to-live.png');
});

test('a network fault on the live source recovers by itself', async () => {
  h.liveFault = 503;
  // hls.js retries; once the buffer (about 3 s) runs dry the quiet indicator appears
  await page.waitForSelector('#indicator:not([hidden])', { timeout: 20000 });
  const text = await page.textContent('#indicator');
  assert.match(text, /Buffering…|Reconnecting…/);
  await shot('5-reconnecting.png');
  h.liveFault = null;
  await page.waitForSelector('#indicator', { state: 'hidden', timeout: 30000 });
  await assertAdvancing('#live-video', 1);
});

async function until(cond, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const reconnecting = () => {
  const i = document.querySelector('#indicator');
  return !i.hidden && i.textContent === 'Reconnecting…';
};

test('the status API failing while live: keeps playing, quietly says Reconnecting…, recovers by itself', async () => {
  await page.waitForSelector('#indicator', { state: 'hidden', timeout: 15000 });
  // the origin behind /api/stream answers 503: the next live poll (every 15–30 s) fails
  h.statusFault = 503;
  const t0 = Date.now();
  await page.waitForFunction(reconnecting, null, { timeout: 40000 });
  console.log(`  the failed live poll came ${Date.now() - t0} ms after the API went down`);
  assert.equal(await page.getAttribute('html', 'data-view'), 'live');
  assert.equal(await page.getAttribute('html', 'data-mode'), 'live');
  assert.equal(await page.textContent('#badge'), 'LIVE');
  // the status's viewerCount (IVS GetStream) beside the badge
  assert.equal(await page.textContent('#viewers'), '2 watching');
  assert.equal(await page.isVisible('#controls'), true);
  await assertAdvancing('#live-video', 1);
  await shot('8-status-api-down.png');
  // then it does not answer at all: the page's own timeout gives up on the request and retries
  h.statusFault = 'hang';
  const abortedBefore = h.statusAborted;
  await until(() => h.statusAborted > abortedBefore, 25000, 'the page to give up on an unanswered status request');
  assert.equal(await page.evaluate(reconnecting), true, 'still says Reconnecting… after a timed-out request');
  await assertAdvancing('#live-video', 1);
  // the API answers again: the quick retry (3 s, 6 s, 12 s … with jitter) finds it and the indicator goes
  h.clearStatusFault();
  const t1 = Date.now();
  await page.waitForSelector('#indicator', { state: 'hidden', timeout: 20000 });
  console.log(`  recovered ${Date.now() - t1} ms after the API came back`);
  assert.equal(await page.getAttribute('html', 'data-view'), 'live');
  assert.equal(await page.getAttribute('html', 'data-mode'), 'live');
  await assertAdvancing('#live-video', 1);
});

test('reaching the end of a finished recording snaps back to the live edge', async () => {
  const rec = await h.finishedRecording(10);
  // the stream's recording (10 s) ended 6 s ago (#EXT-X-ENDLIST, recording: false); the live source goes on
  const startedAt = new Date(Date.now() - (rec.seconds + 6) * 1000).toISOString();
  h.setStatus({ ...h.liveStatus(), dvr: { playlistUrl: rec.master, startedAt, windowSeconds: 14400, recording: false } });
  const p = await context.newPage();
  watch(p);
  try {
    await p.goto(h.siteUrl);
    await p.waitForSelector('html[data-mode="live"]');
    await p.waitForSelector('#controls:not([hidden])');
    await assertAdvancing('#live-video', 0.5, p);
    await p.waitForSelector('html[data-rewind="ready"]', { timeout: 20000 });
    await p.evaluate(() => {
      // capture phase: runs before the page's own 'ended' handler, which unloads the recording
      document.addEventListener('ended', (e) => e.target.id === 'dvr-video' && (window.recordingEndedAt = e.target.currentTime), true);
    });
    // the seek bar's value is the position in the recording: 4 s before its end
    const from = rec.seconds - 4;
    await p.$eval(
      '#seek',
      (s, value) => {
        s.value = String(value);
        s.dispatchEvent(new Event('input', { bubbles: true }));
        s.dispatchEvent(new Event('change', { bubbles: true }));
      },
      from,
    );
    await p.waitForSelector('html[data-mode="recording"]');
    // the quality menu is disabled while rewinding, and says why
    assert.equal(await p.$eval('#quality', (q) => q.disabled), true);
    assert.equal(await p.getAttribute('#quality', 'title'), 'Quality is automatic while rewinding');
    assert.equal(await p.$eval('#quality', (q) => document.getElementById(q.getAttribute('aria-describedby')).textContent), 'Quality is automatic while rewinding');
    const pos = await assertAdvancing('#dvr-video', 1, p);
    assert.ok(pos >= from - 1.5 && pos < rec.seconds, `recording position ${pos.toFixed(1)} s, started from ${from} s of ${rec.seconds} s`);
    await shot('9-recording-near-end.png', p);
    // nothing pressed: playing on reaches the end of the recording, and the page goes back to live
    const t0 = Date.now();
    await p.waitForSelector('html[data-mode="live"]', { timeout: 15000 });
    const endedAt = await p.evaluate(() => window.recordingEndedAt);
    assert.ok(typeof endedAt === 'number' && endedAt >= rec.seconds - 1.5, `the recording ended at ${endedAt} s of ${rec.seconds} s`);
    console.log(`  back to live ${Date.now() - t0} ms after reaching ${pos.toFixed(1)} s (the recording ended at ${endedAt.toFixed(1)} s)`);
    await assertAdvancing('#live-video', 1, p);
    assert.equal(await p.isVisible('#live-video'), true);
    assert.equal(await p.isVisible('#dvr-video'), false);
    assert.equal(await p.getAttribute('#golive', 'aria-pressed'), 'true');
    assert.equal(await p.$eval('#quality', (q) => q.disabled || q.hasAttribute('aria-describedby')), false);
    await p.waitForFunction(() => document.querySelector('#announcer').textContent === 'Live.');
    await shot('10-recording-end-back-to-live.png', p);
  } finally {
    h.setStatus(h.liveStatus());
    await p.close();
  }
});

test('phone-sized screen: no horizontal scroll, controls reachable', async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const p = await phone.newPage();
  watch(p);
  await p.goto(h.siteUrl);
  await p.waitForSelector('html[data-view="live"]');
  await p.waitForSelector('#controls:not([hidden])');
  await assertAdvancing('#live-video', 1, p);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  for (const id of ['#play', '#golive', '#seek', '#quality', '#mute']) assert.equal(await p.isVisible(id), true, id);
  await shot('6-phone.png', p);
  await phone.close();
});

test('when the stream ends the page says so instead of spinning', async () => {
  await h.endStream();
  h.setStatus(h.idleStatus(new Date().toISOString()));
  const t0 = Date.now();
  // the live source disappearing makes the player ask the status API at once; the live poll (≤ 30 s) is the fallback
  await page.waitForSelector('html[data-view="ended"]', { timeout: 40000 });
  console.log(`  noticed the end after ${Date.now() - t0} ms`);
  assert.equal(await page.textContent('#offline-title'), 'The stream has ended');
  assert.match(await page.textContent('#offline-detail'), /^Last live just now/);
  assert.equal(await page.isVisible('#controls'), false);
  assert.equal(await page.isVisible('#indicator'), false);
  assert.equal(await page.textContent('#announcer'), 'The stream has ended.');
  assert.deepEqual(await axeSerious(page), []);
  await shot('7-ended.png');
});

test('no uncaught errors, CSP violations or console errors on any page', () => {
  if (networkNoise.length) console.log(`  (${networkNoise.length} HTTP error answers logged by the browser, e.g. the ended stream's 404s)`);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});

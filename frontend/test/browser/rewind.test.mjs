// Rewind under IVS recording timing, in real Chromium: Recording Start comes before any recorded object; the
// recorded playlist appears later and grows (EVENT, program date-times) behind the live edge; IVS may or may not
// write #EXT-X-ENDLIST while live, so both are run. The page must offer rewind only once the recording can play,
// land a seek past the recorded end on the newest recorded moment, and after rewinding 10 minutes keep playing
// into content recorded after the seek (the playlist reloaded, its end never taken for the end of the stream).
// 15 minutes of recording are encoded faster than real time; the viewer catches up at 16x playback speed (the
// test's fast-forward: the page does not change playbackRate).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { DIST, Harness } from './harness.mjs';

const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const RECORDED_SECONDS = 13 * 60; // already recorded when the page opens
const LAG_SECONDS = 30; // the newest recorded moment is this far behind live
const REWIND_SECONDS = 600;

let h, browser;
const problems = [];

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  assert.ok(readdirSync(DIST).includes('index.html'), 'dist/ must be built first (npm run build)');
  h = new Harness();
  await h.start();
  const g = await h.growingRecording(900);
  console.log(`  encoded ${g.total.toFixed(0)} s of recording (${g.segments.length} segments) in ${g.encodeMs} ms`);
  h.startStream();
  while ((await h.recordedSeconds()) < 3) await new Promise((r) => setTimeout(r, 250));
  browser = await launchChromium({ autoplay: true });
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

const seekTo = (p, behindSeconds) =>
  p.$eval(
    '#seek',
    (s, behind) => {
      s.value = String(Number(s.max) - behind);
      s.dispatchEvent(new Event('input', { bubbles: true }));
      s.dispatchEvent(new Event('change', { bubbles: true }));
    },
    behindSeconds,
  );

async function advancing(p, selector, by = 1) {
  const t1 = await p.$eval(selector, (v) => v.currentTime);
  await p.waitForFunction(([s, t, d]) => document.querySelector(s).currentTime > t + d, [selector, t1, by], { timeout: 20000 });
}

for (const endlist of [false, true]) {
  test(`rewind 10 minutes under IVS timing and play on into what was recorded after the seek (#EXT-X-ENDLIST while live: ${endlist ? 'written' : 'not written'})`, async () => {
    h.reopenGrowing({ recordedSeconds: RECORDED_SECONDS, lagSeconds: LAG_SECONDS, endlist, available: false });
    h.setStatus(h.growingLiveStatus());
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
    try {
      await p.goto(h.siteUrl);
      await p.waitForSelector('html[data-view="live"]');
      await p.waitForSelector('#controls:not([hidden])');
      await advancing(p, '#live-video');

      // 1. Recording Start came, nothing is written yet: no rewind offered, and asking for it says why
      assert.equal(await p.$eval('#seek', (s) => s.disabled), true, 'the seek bar is disabled until the recording can play');
      assert.equal(await p.$eval('#back10', (b) => b.disabled), true, '−10 s is disabled until the recording can play');
      assert.equal(await p.getAttribute('html', 'data-rewind'), 'waiting');
      await p.focus('body');
      await p.keyboard.press('ArrowLeft');
      await p.waitForFunction(() => document.querySelector('#announcer').textContent === 'Rewind is not available for this stream yet.');
      assert.equal(await p.getAttribute('html', 'data-mode'), 'live');

      // 2. the playlists appear (IVS: tens of seconds after going live): rewind is offered
      const t0 = Date.now();
      h.growing.available = true;
      await p.waitForSelector('html[data-rewind="ready"]', { timeout: 30000 });
      await p.waitForFunction(() => !document.querySelector('#seek').disabled && Number(document.querySelector('#seek').max) > 600);
      console.log(`  rewind offered ${Date.now() - t0} ms after the recorded playlist appeared`);

      // 3. a seek past what is recorded (15 s behind live; the recording ends 30 s behind) lands on the newest
      //    recorded moment instead of a position that does not exist yet
      const newest = h.growingRecordedSeconds();
      await seekTo(p, 15);
      await p.waitForSelector('html[data-mode="recording"]');
      await p.waitForFunction(() => document.querySelector('#dvr-video').readyState >= 3, null, { timeout: 20000 });
      await advancing(p, '#dvr-video', 0.5);
      const landed = await p.$eval('#dvr-video', (v) => v.currentTime);
      assert.ok(landed >= newest - 6 && landed <= newest + 4, `landed at ${landed.toFixed(1)} s; newest recorded moment ${newest} s`);
      const behindAfterClamp = Number(await p.getAttribute('html', 'data-behind'));
      assert.ok(behindAfterClamp >= LAG_SECONDS - 2, `behind live after the clamped seek: ${behindAfterClamp} s`);
      await p.screenshot({ path: join(RESULTS, `11-rewind-newest-recorded-endlist-${endlist}.png`) });

      // 4. rewind 10 minutes
      await seekTo(p, REWIND_SECONDS);
      const seekedAt = Date.now();
      await p.waitForFunction((s) => Math.abs(Number(document.documentElement.dataset.behind) - s) < 15, REWIND_SECONDS, { timeout: 20000 });
      await p.waitForFunction(() => document.querySelector('#dvr-video').readyState >= 3, null, { timeout: 20000 });
      await advancing(p, '#dvr-video', 0.5);
      const pos = await p.$eval('#dvr-video', (v) => v.currentTime);
      // media time 0 is the first segment's program date-time (10 s after the Recording Start event)
      const expected = (seekedAt - h.growing.programDate0) / 1000 - REWIND_SECONDS;
      assert.ok(Math.abs(pos - expected) < 6, `recording position ${pos.toFixed(1)} s, expected about ${expected.toFixed(1)} s`);
      assert.match(await p.getAttribute('#seek', 'aria-valuetext'), /^(9|10):\d\d behind live$/);
      await p.screenshot({ path: join(RESULTS, `12-rewound-10-minutes-endlist-${endlist}.png`) });

      // 5. play on (fast-forwarded by the test) past what was recorded when we seeked: only a reloaded playlist has it
      const recordedAtSeek = h.growingRecordedSeconds();
      const requestsAtSeek = h.growing.requests;
      await p.$eval('#dvr-video', (v) => (v.playbackRate = 16));
      const goal = recordedAtSeek + 6;
      const deadline = Date.now() + 150000;
      let t = pos;
      while (t < goal) {
        assert.equal(await p.getAttribute('html', 'data-mode'), 'recording', `left the recording at ${t.toFixed(1)} s (recorded at the seek: ${recordedAtSeek} s): the end of the recorded playlist was taken for the end`);
        assert.ok(Date.now() < deadline, `stuck at ${t.toFixed(1)} s of the recording; wanted ${goal} s (recorded at the seek: ${recordedAtSeek} s, now ${h.growingRecordedSeconds()} s)`);
        await new Promise((r) => setTimeout(r, 500));
        t = await p.$eval('#dvr-video', (v) => v.currentTime);
      }
      console.log(`  played to ${t.toFixed(1)} s, past the ${recordedAtSeek} s recorded at the seek; the recorded playlist was read ${h.growing.requests - requestsAtSeek} more times`);
      assert.ok(h.growing.requests > requestsAtSeek, 'the recorded playlist is reloaded while the stream is live');
      assert.equal(await p.getAttribute('html', 'data-mode'), 'recording');
      await p.$eval('#dvr-video', (v) => (v.playbackRate = 1));
      await advancing(p, '#dvr-video', 0.5);
      await p.screenshot({ path: join(RESULTS, `13-played-past-the-seek-endlist-${endlist}.png`) });
    } finally {
      await context.close();
    }
  });
}

// The viewer's device clock two minutes slow: the DVR measures "behind live" from the servers' time, learnt from the
// status answers' Date header (clock.js), not from the device's. With the device clock, a 10-minute rewind landed 12
// minutes back and the live edge was "2:00 behind".
test('a device clock two minutes slow: a 10-minute rewind lands 10 minutes behind live', async () => {
  const SKEW_MS = -120_000;
  h.reopenGrowing({ recordedSeconds: RECORDED_SECONDS, lagSeconds: LAG_SECONDS, endlist: false, available: true });
  h.setStatus(h.growingLiveStatus());
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript((skew) => {
    const deviceNow = Date.now.bind(Date);
    Date.now = () => deviceNow() + skew;
  }, SKEW_MS);
  const p = await context.newPage();
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  try {
    await p.goto(h.siteUrl);
    await p.waitForSelector('html[data-rewind="ready"]', { timeout: 30000 });
    await seekTo(p, REWIND_SECONDS);
    const seekedAt = Date.now();
    await p.waitForSelector('html[data-mode="recording"]');
    await p.waitForFunction(() => document.querySelector('#dvr-video').readyState >= 3, null, { timeout: 20000 });
    await advancing(p, '#dvr-video', 0.5);
    const pos = await p.$eval('#dvr-video', (v) => v.currentTime);
    const expected = (seekedAt - h.growing.programDate0) / 1000 - REWIND_SECONDS;
    assert.ok(Math.abs(pos - expected) < 6, `recording position ${pos.toFixed(1)} s, expected about ${expected.toFixed(1)} s (device clock ${SKEW_MS / 1000} s off)`);
    const behind = Number(await p.getAttribute('html', 'data-behind'));
    assert.ok(Math.abs(behind - REWIND_SECONDS) < 10, `the page says ${behind} s behind live`);
  } finally {
    await context.close();
  }
});

test('no uncaught errors or console errors', () => {
  assert.deepEqual(problems, []);
});

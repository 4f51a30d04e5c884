// Past broadcasts in real Chromium: the list (newest first, title or date, start, duration, thumbnail, paged), the
// offer to watch the broadcast that just ended, and the replay page at its shareable address #/replay/<id>, which
// plays the finished recording (#EXT-X-ENDLIST) with full seeking. Keyboard only, a phone's viewport, axe clean.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { launchChromium, axeSerious } from './chromium.mjs';
import { DIST, Harness } from './harness.mjs';

const SECONDS = 20;

let h, browser, finished, id;
const pageErrors = [];

async function newPage(viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const p = await context.newPage();
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  return p;
}

before(async () => {
  assert.ok(readdirSync(DIST).includes('index.html'), 'dist/ must be built first (npm run build)');
  h = new Harness();
  await h.start();
  finished = await h.finishedRecording(SECONDS);
  id = finished.prefix.split('/').pop();
  const ended = new Date(Date.now() - 20_000);
  const started = new Date(ended.getTime() - SECONDS * 1000);
  const older = (n) => ({
    id: `older${n}`, startedAt: `2026-01-0${n}T12:00:00Z`, endedAt: `2026-01-0${n}T13:00:00Z`, durationSeconds: 3600,
    playlistUrl: finished.master, thumbnailUrl: null, title: n === 1 ? 'Launch day' : null,
  });
  h.recordingPages = {
    '': {
      recordings: [{
        id, startedAt: started.toISOString(), endedAt: ended.toISOString(), durationSeconds: SECONDS,
        playlistUrl: finished.master, thumbnailUrl: null, title: 'Friday night build',
      }, older(2)],
      next: 'page2',
    },
    page2: { recordings: [older(1)], next: null },
  };
  h.setStatus(h.idleStatus(new Date(ended.getTime() - 5_000).toISOString()));
  browser = await launchChromium({ autoplay: true });
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

test('the list shows past broadcasts newest first, pages on, and offers the one that just ended', async () => {
  const page = await newPage();
  await page.goto(h.siteUrl);
  await page.waitForSelector('#past-list li');
  const names = async () => page.$$eval('#past-list .past-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual((await names()).slice(0, 1), ['Friday night build']);
  assert.match((await names())[1], /^Broadcast of /, 'no title: the date is shown');
  assert.match(await page.textContent('#past-list li:first-child .past-when'), /Started .* · 20 s/);
  // keyboard: Tab reaches "More", Enter loads the next page
  await page.focus('.past-more');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#past-list li').length === 3);
  assert.equal(await page.isHidden('.past-more'), true, 'last page: no more');
  // the broadcast that just ended
  await page.waitForSelector('#just-ended:not([hidden])');
  assert.equal(await page.getAttribute('#just-ended', 'href'), `#/replay/${id}`);
  assert.deepEqual(await axeSerious(page), []);
  await page.context().close();
});

test('a replay plays at its shareable address, seeks into its middle, and keyboard and phone layout work', async () => {
  const page = await newPage({ width: 375, height: 667 });
  await page.goto(h.siteUrl);
  await page.waitForSelector('#just-ended:not([hidden])');
  // keyboard only: focus the offer and follow it
  await page.focus('#just-ended');
  await page.keyboard.press('Enter');
  await page.waitForFunction((rid) => location.hash === `#/replay/${rid}`, id);
  await page.waitForSelector('#replay:not([hidden])');
  assert.equal(await page.textContent('#replay-title'), 'Friday night build');
  assert.equal(await page.isHidden('#screen'), true, 'the live screen makes way for the replay');
  await page.waitForFunction(() => document.querySelector('#replay-video').duration > 5, null, { timeout: 30000 });
  const duration = await page.$eval('#replay-video', (v) => v.duration);
  assert.ok(Math.abs(duration - finished.seconds) < 2, `the whole recording is seekable (${duration} s of ${finished.seconds})`);
  // seek into the middle and play from there
  const middle = duration / 2;
  await page.$eval('#replay-video', (v, t) => { v.muted = true; v.currentTime = t; return v.play(); }, middle);
  await page.waitForFunction((t) => { const v = document.querySelector('#replay-video'); return v.currentTime > t + 1 && v.readyState >= 3; }, middle, { timeout: 30000 });
  const at = await page.$eval('#replay-video', (v) => v.currentTime);
  assert.ok(at > middle && at < duration, `playing after the seek (at ${at} s, middle ${middle} s)`);
  // phone: nothing wider than the screen
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scrolling on a phone');
  assert.deepEqual(await axeSerious(page), []);
  // back to the live page
  await page.click('.replay-back');
  await page.waitForSelector('#replay', { state: 'hidden' });
  assert.equal(await page.$eval('#replay-video', (v) => v.paused || !v.currentSrc), true, 'leaving the replay stops it');
  await page.context().close();
});

test('a shared address opens the replay directly, even from a later page; an unknown one says so', async () => {
  const page = await newPage();
  await page.goto(`${h.siteUrl}#/replay/older1`);
  await page.waitForFunction(() => document.querySelector('#replay-title').textContent === 'Launch day');
  await page.waitForFunction(() => document.querySelector('#replay-video').duration > 5, null, { timeout: 30000 });
  await page.goto(`${h.siteUrl}#/replay/nosuchone`);
  await page.waitForFunction(() => document.querySelector('#replay-title').textContent === 'This broadcast is not available');
  assert.equal(await page.isVisible('#replay-error'), true);
  assert.deepEqual(pageErrors, []);
  await page.context().close();
});

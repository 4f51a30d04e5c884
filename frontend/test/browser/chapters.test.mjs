// Chapters in real Chromium (scripts/chapter; frontend/src/chapters.js): while live, the broadcast's chapters are
// markers on the rewind bar at their moment and buttons a viewer reaches with the keyboard; choosing one plays the
// recording from that moment. On the replay page the same chapters sit on a strip under the video and jump the
// replay there. A phone's viewport, no page errors, axe clean. (Chapters arriving as IVS timed metadata in the live
// stream are shown by scripts/e2e against the IVS emulator's real ID3.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { launchChromium, axeSerious } from './chromium.mjs';
import { DIST, Harness } from './harness.mjs';

let h, browser;
const problems = [];

async function newPage(viewport) {
  const context = await browser.newContext({ viewport });
  const p = await context.newPage();
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()));
  return p;
}

const iso = (ms) => new Date(ms).toISOString();

before(async () => {
  assert.ok(readdirSync(DIST).includes('index.html'), 'dist/ must be built first (npm run build)');
  h = new Harness();
  await h.start();
  await h.growingRecording(900);
  await h.finishedRecording(20);
  h.startStream();
  while ((await h.recordedSeconds()) < 3) await new Promise((r) => setTimeout(r, 250));
  browser = await launchChromium({ autoplay: true });
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

test('live: chapters are markers on the rewind bar and keyboard buttons; choosing one plays the recording from there', async () => {
  h.reopenGrowing({ recordedSeconds: 13 * 60, lagSeconds: 30, endlist: false, available: true });
  const g = h.growing;
  const chaptersUrl = `/${g.prefix}/onair/chapters.json`;
  h.chapterDocs = {
    [chaptersUrl]: { version: 1, chapters: [
      { title: 'Intro', at: iso(g.programDate0 + 120_000) },
      { title: 'Q&A', at: iso(g.programDate0 + 600_000) },
      // broken entries are left out, never shown as HTML
      { title: '<img src=x onerror=alert(1)>', at: iso(g.programDate0 + 300_000) },
    ] },
  };
  const status = h.growingLiveStatus();
  h.setStatus({ ...status, dvr: { ...status.dvr, chaptersUrl } });
  const p = await newPage({ width: 375, height: 667 });
  try {
    await p.goto(h.siteUrl);
    await p.waitForSelector('html[data-view="live"]');
    await p.waitForSelector('html[data-rewind="ready"]', { timeout: 30000 });
    await p.waitForFunction(() => document.querySelectorAll('#chapter-list button').length === 2, null, { timeout: 15000 });
    const labels = await p.$$eval('#chapter-list button', (bs) => bs.map((b) => b.textContent));
    assert.match(labels[0], /^Jump to chapter: \d{1,2}:\d{2}.* Intro$/);
    assert.match(labels[1], /^Jump to chapter: \d{1,2}:\d{2}.* Q&A$/);
    assert.equal(labels.length, 2);
    assert.equal(await p.$('#chapter-strip img'), null, 'no HTML from a chapter title');
    // the markers sit at their moments on the bar (oldest at the left, live at the right)
    await p.waitForFunction(() => [...document.querySelectorAll('#chapter-strip .chapter-marker')].every((m) => !m.hidden && m.style.left));
    const lefts = await p.$$eval('#chapter-strip .chapter-marker', (ms) => ms.map((m) => parseFloat(m.style.left)));
    const length = Number(await p.$eval('#seek', (s) => s.max));
    const behindQa = (Date.now() - (g.programDate0 + 600_000)) / 1000;
    const expectQa = 100 * (1 - behindQa / length);
    assert.ok(lefts[0] < lefts[1], `Intro before Q&A: ${lefts}`);
    assert.ok(Math.abs(lefts[1] - expectQa) < 3, `Q&A marker at ${lefts[1]}%, its moment is at ${expectQa.toFixed(1)}%`);
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scrolling on a phone');
    assert.deepEqual(await axeSerious(p), []);

    // keyboard: focus the Q&A button, Enter: the recording plays from that moment
    await p.focus('#chapter-list li:nth-child(2) button');
    await p.keyboard.press('Enter');
    await p.waitForSelector('html[data-mode="recording"]', { timeout: 20000 });
    await p.waitForFunction(() => document.querySelector('#announcer').textContent === 'Chapter: Q&A');
    // the recording plays on from the chapter's moment (media time 0 = the recording's first program date-time)
    const state = () => p.$eval('#dvr-video', (v) => ({ t: v.currentTime, ready: v.readyState, seeking: v.seeking, paused: v.paused }));
    await p.waitForFunction(() => { const v = document.querySelector('#dvr-video'); return v.currentTime > 598 && !v.seeking; }, null, { timeout: 30000 })
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await state())}`); });
    const t = (await state()).t;
    assert.ok(t < 610, `playing from the chapter's moment (media ${t.toFixed(1)} s, chapter at 600 s)`);
    await p.waitForFunction((t1) => document.querySelector('#dvr-video').currentTime > t1 + 1, t, { timeout: 20000 });

    // the mouse: clicking the Intro marker jumps there
    await p.click('#chapter-strip .chapter-marker >> nth=0', { force: true });
    await p.waitForFunction(() => Math.abs(document.querySelector('#dvr-video').currentTime - 120) < 6 && !document.querySelector('#dvr-video').seeking, null, { timeout: 30000 });
  } finally {
    await p.context().close();
  }
});

test('replay: the chapters are on a strip under the video and in a list; choosing one plays the replay from there', async () => {
  const f = h.finished;
  const id = f.prefix.split('/').pop();
  // media time 0 of the recording is its first segment's program date-time; the list's startedAt is Recording End
  // minus the recorded duration, and IVS sends Recording End only after the reconnect window (60 s by default): a
  // page that placed chapters from startedAt would put both a minute early (before the recording: no place at all)
  const started = Date.now() - 180_000;
  f.programDate0 = started;
  const endEvent = started + f.seconds * 1000 + 60_000;
  const chaptersUrl = `/${f.prefix}/onair/chapters.json`;
  h.chapterDocs = { [chaptersUrl]: { version: 1, chapters: [
    { title: 'Welcome', at: iso(started + 2_000) }, { title: 'Demo — part 2', at: iso(started + 12_000) },
  ] } };
  h.recordingPages = { '': { recordings: [{
    id, startedAt: iso(endEvent - f.seconds * 1000), endedAt: iso(endEvent), durationSeconds: Math.round(f.seconds), playlistUrl: f.master,
    thumbnailUrl: null, title: 'Friday night build', chaptersUrl,
  }], next: null } };
  h.setStatus(h.idleStatus(iso(started + 20_000)));
  const p = await newPage({ width: 375, height: 667 });
  try {
    await p.goto(`${h.siteUrl}#/replay/${id}`);
    await p.waitForSelector('#replay:not([hidden])');
    await p.waitForFunction(() => document.querySelector('#replay-video').duration > 5, null, { timeout: 30000 });
    await p.waitForFunction(() => document.querySelectorAll('#replay-chapter-list button').length === 2);
    const texts = await p.$$eval('#replay-chapter-list button', (bs) => bs.map((b) => b.textContent));
    assert.deepEqual(texts, ['Jump to chapter: 0:02 Welcome', 'Jump to chapter: 0:12 Demo — part 2']);
    const lefts = await p.$$eval('#replay-chapter-strip .chapter-marker', (ms) => ms.map((m) => parseFloat(m.style.left)));
    const duration = await p.$eval('#replay-video', (v) => v.duration);
    assert.ok(Math.abs(lefts[1] - (100 * 12) / duration) < 3, `the second marker at ${lefts[1]}% of ${duration} s`);
    await p.$eval('#replay-video', (v) => { v.muted = true; });
    await p.focus('#replay-chapter-list li:nth-child(2) button');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => { const v = document.querySelector('#replay-video'); return v.currentTime > 12.5 && !v.paused; }, null, { timeout: 30000 });
    const t = await p.$eval('#replay-video', (v) => v.currentTime);
    assert.ok(t >= 12 && t < 19, `the replay plays from the chapter (at ${t.toFixed(1)} s)`);
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scrolling on a phone');
    assert.deepEqual(await axeSerious(p), []);
    assert.deepEqual(problems, []);
  } finally {
    await p.context().close();
  }
});

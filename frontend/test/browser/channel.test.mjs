// The channel's info on the real page in real Chromium: title and description shown as text, the offline countdown
// (Playwright's clock moves the page's time), "Add to calendar" downloads a valid .ics, nothing of it while live;
// and /embed (embed.html): the player alone, same controls and status handling, filling a small frame.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { DIST, Harness } from './harness.mjs';

let h, browser;

before(async () => {
  h = new Harness();
  await h.start();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

const NOW = new Date('2026-12-24T15:00:00Z');
const NEXT = '2026-12-24T18:00:00Z';
const info = {
  title: 'Build night: Q&A "live" <not markup>'.replace(/[<>]/g, ''),
  description: 'Line one & two\nLine three',
  nextStreamAt: NEXT,
};

test('offline: title, description, a countdown that moves, and Add to calendar (a valid .ics)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.clock.install({ time: NOW });
  h.setStatus({ ...h.idleStatus('2026-12-23T20:00:00Z'), ...info });
  await page.goto(h.siteUrl);
  await page.waitForSelector('html[data-view="offline"]');
  await page.waitForSelector('#channel-title:not([hidden])');
  assert.equal(await page.locator('#channel-title').textContent(), info.title);
  assert.equal(await page.locator('#channel-description').textContent(), info.description);
  assert.equal(await page.locator('#channel-description').evaluate((e) => e.children.length), 0, 'text, never markup');
  assert.equal(await page.title(), `${info.title} · OnAir`);
  await page.waitForSelector('#next-stream:not([hidden])');
  assert.match(await page.locator('#next-stream-text').textContent(), /^Next stream .+, in (3 h 00|2 h 59) min\.$/);
  // 2 h 58 min 30 s later: the last hour counts in seconds
  await page.clock.fastForward((2 * 3600 + 58 * 60 + 30) * 1000);
  let text = '';
  for (let i = 0; i < 50 && !/, in 1 min [0-3]\d s\.$/.test(text); i++) {
    await page.clock.runFor(1000);
    text = await page.locator('#next-stream-text').textContent();
  }
  assert.match(text, /, in 1 min [0-3]\d s\.$/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#add-to-calendar')]);
  assert.equal(download.suggestedFilename(), 'next-stream.ics');
  const ics = readFileSync(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends in CRLF');
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  assert.ok(lines.includes('DTSTART:20261224T180000Z'));
  assert.ok(lines.includes('UID:20261224T180000Z-next-stream@127.0.0.1'));
  assert.ok(lines.some((l) => /^DTSTAMP:20261224T17\d{4}Z$/.test(l)), 'DTSTAMP is the page clock');
  assert.ok(lines.includes('SUMMARY:Build night: Q&A "live" not markup'));
  assert.ok(lines.some((l) => l.startsWith('DESCRIPTION:Line one & two\\nLine three\\n\\nhttp://127.0.0.1:')));
  await context.close();
});

test('no announced time: no countdown; live: no countdown, the title stays', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.clock.install({ time: NOW });
  h.setStatus({ ...h.idleStatus('2026-12-23T20:00:00Z'), title: 'Only a title', description: null, nextStreamAt: null });
  await page.goto(h.siteUrl);
  await page.waitForSelector('#channel-title:not([hidden])');
  assert.equal(await page.locator('#next-stream').isHidden(), true);
  assert.equal(await page.locator('#channel-description').isHidden(), true);
  // a live document with a title: the countdown belongs to the offline page only
  h.setStatus({ ...h.idleStatus('2026-12-23T20:00:00Z'), ...info, status: 'live', since: NOW.toISOString(), lastLiveAt: null, playbackUrl: h.playbackUrl });
  await page.clock.runFor(6000);
  await page.waitForSelector('html[data-view="live"]');
  assert.equal(await page.locator('#next-stream').isHidden(), true);
  assert.equal(await page.locator('#channel-title').textContent(), info.title);
  await context.close();
});

test('/embed: the player alone (no header or help), the same controls, status handled, fills a small frame', async () => {
  const index = readFileSync(new URL('index.html', `file://${DIST}`), 'utf8');
  const embed = readFileSync(new URL('embed.html', `file://${DIST}`), 'utf8');
  const ids = (html) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]).sort();
  const pageOnly = ['channel', 'channel-description', 'channel-title'];
  assert.deepEqual(ids(embed), ids(index).filter((id) => !pageOnly.includes(id)),
    'the same player, controls and status elements (and so the same keyboard support); only the channel section is the page\'s');
  assert.ok(!embed.includes('<header'), 'no header');
  assert.ok(!embed.includes('onair:meta'), 'no link-preview block: previews are index.html\'s');

  const context = await browser.newContext({ viewport: { width: 400, height: 260 } });
  const page = await context.newPage();
  h.setStatus({ ...h.idleStatus('2026-12-23T20:00:00Z'), ...info });
  await page.goto(new URL('/embed.html', h.siteUrl).href);
  await page.waitForSelector('html[data-view="offline"]');
  assert.equal(await page.locator('#badge').textContent(), 'Offline');
  const box = await page.locator('#screen').boundingBox();
  assert.ok(box.x === 0 && box.y === 0 && box.width === 400 && box.height > 150 && box.height <= 260, JSON.stringify(box));
  assert.equal(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), true, 'nothing scrolls');
  await context.close();
});

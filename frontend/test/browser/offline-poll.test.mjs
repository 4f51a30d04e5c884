// An offline page left open keeps asking steadily (about every 4 s, jittered) instead of backing off to a
// minute, so it notices a stream going live quickly (issue 10, item 5). Real Chromium and the real page, with
// Playwright's fake clock so that minutes of the page's own timers pass in a moment: this asserts behaviour (how
// many status checks, whether live is noticed at the next check), never wall-clock timing.
// The p50/p95 of the notice through the local edge is measured by scripts/bench-edge.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { Harness } from './harness.mjs';

let h, browser, context, page;

before(async () => {
  h = new Harness();
  await h.start();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (h) await h.stop();
});

const statusChecks = () => h.requests.filter((p) => p === '/api/stream').length;

/** Lets the page's fake time run `ms`, in steps, giving each real request time to complete. */
async function runPageTime(ms, step = 1000) {
  for (let t = 0; t < ms; t += step) {
    await page.clock.runFor(step);
    await new Promise((r) => setTimeout(r, 40));
  }
}

test('an offline page checks about every 4 s for minutes (no backoff to 60 s) and notices going live at its next check', async () => {
  h.setStatus(h.idleStatus(new Date(Date.now() - 3600_000).toISOString()));
  await page.clock.install();
  await page.goto(h.siteUrl);
  await page.waitForSelector('html[data-view="offline"]');
  const first = statusChecks();
  // ten minutes of the page's time: 4 s ± 20 % means at least 125 checks; 5 s doubling to 60 s would make ~13
  await runPageTime(600_000);
  const checks = statusChecks() - first;
  console.log(`  status checks in 600 s of page time while offline: ${checks}`);
  assert.ok(checks >= 120, `an open offline page must keep checking every ~4 s (got ${checks} checks in 600 s)`);
  assert.ok(checks <= 190, `…but not faster than every 3.2 s (got ${checks})`);

  // the stream goes live: the next check (at most 4.8 s of page time away) shows it
  // (no stream is pushed here: the page switching its view to live is what counts)
  h.setStatus({ ...h.idleStatus(null), status: 'live', since: new Date().toISOString(), streamId: 'st-testStream0000000000002', playbackUrl: h.playbackUrl, lastLiveAt: null, dvr: null });
  const before = statusChecks();
  await runPageTime(5_000, 500);
  assert.ok(statusChecks() > before, 'a check happened within 4.8 s');
  await page.waitForSelector('html[data-view="live"]', { timeout: 5000 });
});

test('a failing status API while offline is backed off (not hammered), and the steady poll resumes', async () => {
  // a fresh context: the fake clock belongs to the context, and the first page must not poll meanwhile
  await context.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  h.setStatus(h.idleStatus(new Date(Date.now() - 3600_000).toISOString()));
  await page.clock.install();
  await page.goto(h.siteUrl);
  await page.waitForSelector('html[data-view="offline"]');
  h.statusFault = 503;
  const first = statusChecks();
  await runPageTime(300_000, 2000);
  const failing = statusChecks() - first;
  console.log(`  status checks in 300 s of page time while the API answers 503: ${failing}`);
  // 4 s doubling to 60 s: 4+8+16+32+60+60+60+60 = 300 -> about 8; a steady 4 s poll would make ~75
  assert.ok(failing <= 15, `back off while the API fails (got ${failing} checks in 300 s)`);
  assert.ok(failing >= 4, `but keep trying (got ${failing})`);
  h.clearStatusFault();
  await runPageTime(70_000, 2000);
  const resumed = statusChecks();
  await runPageTime(40_000, 1000);
  assert.ok(statusChecks() - resumed >= 8, 'after a good answer the page polls every ~4 s again');
});

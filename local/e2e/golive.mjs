// How long an open offline viewer page takes to notice that the stream went live, through the local platform's
// real chain: SSM (moto) -> the status function (its own 2 s cache) -> the local edge (s-maxage) -> the page's
// ~4 s poll, in headless Chromium. A benchmark for scripts/bench-edge: it prints p50/p95 and asserts nothing
// about time. Each trial: the state document says idle, a fresh page shows "offline", a random pause (0-6 s, so
// the write lands anywhere in the page's and the edge's cycles), then the document is written live (aws ssm
// put-parameter, as the events function would) and the time until html[data-view=live] is taken.
//
// The channel must really broadcast meanwhile (scripts/bench-edge keeps one RTMP push running): the status function
// asks IVS (GetStream) whenever it sees "live" and writes idle back when nothing is broadcasting (LiveReconciler).
// A trial the page does not notice within 60 s is counted and reported as missed (the run goes on); no new trial
// starts after --max-seconds (default 600), so the script always ends with the figures of the trials it ran.
// Exit status: 0 when every trial that ran was noticed, 1 otherwise (the figures are printed either way).
//
// Usage: node local/e2e/golive.mjs --url EDGE_URL --parameter SSM_NAME [--trials 10] [--max-seconds 600]
//        (the AWS CLI must reach the local SSM: source .local/<state>/env first)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'frontend', 'package.json'));
const { chromium } = require('playwright-core');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    parameter: { type: 'string' },
    trials: { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '600' },
  },
});
if (!opt.url || !opt.parameter) {
  console.error('Usage: node local/e2e/golive.mjs --url EDGE_URL --parameter SSM_NAME [--trials N]');
  process.exit(2);
}
const trials = Math.max(1, Math.min(100, Number(opt.trials) || 10));
const budgetMs = Math.max(30, Math.min(3600, Number(opt['max-seconds']) || 600)) * 1000;
const started = Date.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function writeState(doc) {
  execFileSync('aws', ['ssm', 'put-parameter', '--name', opt.parameter, '--type', 'String', '--overwrite',
    '--value', JSON.stringify(doc)], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const iso = (ms) => new Date(ms).toISOString();
// IVS stream ids are st- and 23 letters or digits (botocore ivs StreamId); the page refuses any other shape
// (frontend/src/api.js), so a shorter made-up id would never show as live.
const streamId = (n, kind) => `st-${`benchGoLive${String(n).padStart(3, '0')}${kind}`.padEnd(23, '0')}`;
const idle = (n) => ({ status: 'idle', since: iso(Date.now() - 60_000), streamId: streamId(n, 'I'), streamStartedAt: iso(Date.now() - 120_000),
  lastLiveAt: iso(Date.now() - 60_000), failureReason: null, recording: null, recentEventIds: [`bench-idle-${n}-${Date.now()}`], updatedAt: iso(Date.now()) });
const live = (n) => ({ status: 'live', since: iso(Date.now()), streamId: streamId(n, 'L'), streamStartedAt: iso(Date.now()),
  lastLiveAt: iso(Date.now() - 60_000), failureReason: null, recording: null, recentEventIds: [`bench-live-${n}-${Date.now()}`], updatedAt: iso(Date.now()) });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const delays = [];
const missed = [];
// stopped from outside (a time cap): still print the figures of the trials done so far
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    console.log(`stopped by ${sig}`);
    try { writeState(idle(0)); } catch { /* the platform may be gone */ }
    report();
  });
}
try {
  for (let n = 1; n <= trials; n++) {
    if (Date.now() - started > budgetMs) {
      console.log(`time budget of ${budgetMs / 1000} s used up: stopping after ${n - 1} of ${trials} trials`);
      break;
    }
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    const pageErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      writeState(idle(n));
      await sleep(7000); // longer than the function cache + edge TTL: the page starts from "offline"
      await page.goto(opt.url);
      await page.waitForSelector('html[data-view="offline"]', { timeout: 30000 });
      await sleep(Math.random() * 6000);
      writeState(live(n));
      const t0 = Date.now();
      await page.waitForSelector('html[data-view="live"]', { timeout: 60000, polling: 100 });
      const ms = Date.now() - t0;
      delays.push(ms);
      console.log(`trial ${n}/${trials}: go-live noticed after ${(ms / 1000).toFixed(2)} s`);
    } catch (e) {
      const view = await page.evaluate(() => document.documentElement.dataset.view).catch(() => '?');
      missed.push(n);
      console.log(`trial ${n}/${trials}: MISSED (${String(e.message || e).split('\n')[0]}; page view: ${view}` +
        `${pageErrors.length ? `; page errors: ${pageErrors.slice(-3).join(' | ')}` : ''})`);
    } finally {
      await page.close().catch(() => {});
    }
  }
} finally {
  await browser.close();
  writeState(idle(0));
}
report();

function report() {
  delays.sort((a, b) => a - b);
  const q = (p) => (delays[Math.min(delays.length - 1, Math.ceil(p * delays.length) - 1)] / 1000).toFixed(2);
  const ran = delays.length + missed.length;
  if (delays.length) {
    console.log(`go-live notice on an open offline page (${delays.length} of ${ran} trials noticed): p50 ${q(0.5)} s, p95 ${q(0.95)} s, max ${(delays[delays.length - 1] / 1000).toFixed(2)} s${missed.length ? `; missed (> 60 s): ${missed.length}` : ''}`);
  } else {
    console.log(`go-live notice on an open offline page: none of ${ran} trials noticed within 60 s`);
  }
  process.exit(missed.length || !delays.length ? 1 : 0);
}

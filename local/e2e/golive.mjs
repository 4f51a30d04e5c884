// How long an open offline viewer page takes to notice that the stream went live, through the local platform's
// real chain: SSM (moto) -> the status function (its own 2 s cache) -> the local edge (s-maxage) -> the page's
// ~4 s poll, in headless Chromium. A benchmark for scripts/bench-edge: it prints p50/p95 and asserts nothing
// about time. Each trial: the state document says idle, a fresh page shows "offline", a random pause (0-6 s, so
// the write lands anywhere in the page's and the edge's cycles), then the document is written live (aws ssm
// put-parameter, as the events function would) and the time until html[data-view=live] is taken.
//
// Usage: node local/e2e/golive.mjs --url EDGE_URL --parameter SSM_NAME [--trials 10]
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
  },
});
if (!opt.url || !opt.parameter) {
  console.error('Usage: node local/e2e/golive.mjs --url EDGE_URL --parameter SSM_NAME [--trials N]');
  process.exit(2);
}
const trials = Math.max(1, Math.min(100, Number(opt.trials) || 10));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function writeState(doc) {
  execFileSync('aws', ['ssm', 'put-parameter', '--name', opt.parameter, '--type', 'String', '--overwrite',
    '--value', JSON.stringify(doc)], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const iso = (ms) => new Date(ms).toISOString();
const idle = (n) => ({ status: 'idle', since: iso(Date.now() - 60_000), streamId: `st-benchGoLive${n}a`, streamStartedAt: iso(Date.now() - 120_000),
  lastLiveAt: iso(Date.now() - 60_000), failureReason: null, recording: null, recentEventIds: [`bench-idle-${n}-${Date.now()}`], updatedAt: iso(Date.now()) });
const live = (n) => ({ status: 'live', since: iso(Date.now()), streamId: `st-benchGoLive${n}b`, streamStartedAt: iso(Date.now()),
  lastLiveAt: iso(Date.now() - 60_000), failureReason: null, recording: null, recentEventIds: [`bench-live-${n}-${Date.now()}`], updatedAt: iso(Date.now()) });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const delays = [];
try {
  for (let n = 1; n <= trials; n++) {
    writeState(idle(n));
    await sleep(7000); // longer than the function cache + edge TTL: the page starts from "offline"
    const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
    await page.goto(opt.url);
    await page.waitForSelector('html[data-view="offline"]', { timeout: 30000 });
    await sleep(Math.random() * 6000);
    writeState(live(n));
    const t0 = Date.now();
    await page.waitForSelector('html[data-view="live"]', { timeout: 60000, polling: 100 });
    const ms = Date.now() - t0;
    delays.push(ms);
    console.log(`trial ${n}/${trials}: go-live noticed after ${(ms / 1000).toFixed(2)} s`);
    await page.close();
  }
} finally {
  await browser.close();
  writeState(idle(0));
}
delays.sort((a, b) => a - b);
const q = (p) => (delays[Math.min(delays.length - 1, Math.ceil(p * delays.length) - 1)] / 1000).toFixed(2);
console.log(`go-live notice on an open offline page (${delays.length} trials): p50 ${q(0.5)} s, p95 ${q(0.95)} s, max ${(delays[delays.length - 1] / 1000).toFixed(2)} s`);

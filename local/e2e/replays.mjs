// Replays, end to end on the local platform (called by scripts/e2e after a push has stopped): the broadcast that
// just ended appears in GET /api/recordings through the local CloudFront edge once IVS's Recording End has reached
// the events function (after the reconnect window), its answer matches lambda/api/recordings.schema.json, the page
// lists it, and real Chromium plays it at #/replay/<id> with a seek into its middle.
// Prints PASS/FAIL lines (scripts/e2e reads them); exit 1 when any failed.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core and ajv are dev dependencies of the player (frontend/): reuse them.
const require = createRequire(join(root, 'frontend', 'package.json'));
const { chromium } = require('playwright-core');
const Ajv2020 = require('ajv/dist/2020.js');
const addFormats = require('ajv-formats');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    artifacts: { type: 'string' },
    'push-started-ms': { type: 'string' },
    'timeout-s': { type: 'string', default: '300' },
  },
});
for (const k of ['url', 'artifacts', 'push-started-ms']) {
  if (!opt[k]) {
    console.error(`replays.mjs: --${k} is required`);
    process.exit(2);
  }
}
mkdirSync(opt.artifacts, { recursive: true });
const pushStarted = Number(opt['push-started-ms']);

let failed = 0;
const pass = (name, detail = '') => console.log(`PASS ${name}: ${detail}`);
const fail = (name, detail = '') => {
  failed += 1;
  console.log(`FAIL ${name}: ${detail}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default ? addFormats.default(ajv) : addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'lambda/api/recordings.schema.json'), 'utf8')));

// 1. the API lists the broadcast (bounded wait: Recording End comes after the reconnect window)
const t0 = Date.now();
let rec = null;
let last = null;
while (!rec && Date.now() - t0 < Number(opt['timeout-s']) * 1000) {
  try {
    const r = await fetch(new URL('api/recordings', opt.url));
    last = `HTTP ${r.status} ${(await r.clone().text()).slice(0, 300)}`;
    if (r.ok) {
      const doc = await r.json();
      if (!validate(doc)) {
        fail('GET /api/recordings matches the contract', ajv.errorsText(validate.errors));
        break;
      }
      // this push's recording: it began after the push started (the newest first)
      rec = doc.recordings.find((x) => Date.parse(x.startedAt) >= pushStarted - 5000) || null;
    }
  } catch (e) {
    last = String(e);
  }
  if (!rec) await sleep(3000);
}
if (!rec) {
  fail('the broadcast appears in GET /api/recordings', `not within ${opt['timeout-s']} s; last: ${last}`);
  process.exit(1);
}
pass('the broadcast appears in GET /api/recordings', `${Math.round((Date.now() - t0) / 1000)} s after the push stopped; ${rec.id}, ${rec.durationSeconds} s, contract ok`);

// the replay is named with the channel's title of the moment (scripts/channel set it earlier in the e2e)
try {
  const { title } = await (await fetch(new URL('api/stream', opt.url))).json();
  if (!title) pass('the replay carries the channel title', 'the channel has no title: the page shows the date');
  else if (rec.title === title) pass('the replay carries the channel title', JSON.stringify(title));
  else fail('the replay carries the channel title', `replay ${JSON.stringify(rec.title)}, channel ${JSON.stringify(title)}`);
} catch (e) {
  fail('the replay carries the channel title', String(e));
}

// 2. the page lists it and plays it at its shareable address, with a seek into the middle
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(opt.url);
  try {
    await page.waitForSelector(`#past-list a[href="#/replay/${rec.id}"]`, { timeout: 60000 });
    pass('the page lists the broadcast', await page.textContent(`#past-list a[href="#/replay/${rec.id}"] .past-when`));
  } catch (e) {
    fail('the page lists the broadcast', String(e).split('\n')[0]);
  }
  await page.click(`#past-list a[href="#/replay/${rec.id}"]`).catch(() => page.goto(`${opt.url}#/replay/${rec.id}`));
  try {
    await page.waitForFunction(() => document.querySelector('#replay-video').duration > 4, null, { timeout: 60000 });
    const duration = await page.$eval('#replay-video', (v) => v.duration);
    const middle = duration / 2;
    await page.$eval('#replay-video', (v, t) => { v.muted = true; v.currentTime = t; return v.play(); }, middle);
    await page.waitForFunction((t) => { const v = document.querySelector('#replay-video'); return v.currentTime > t + 1; }, middle, { timeout: 60000 });
    const at = await page.$eval('#replay-video', (v) => v.currentTime);
    pass('the replay plays and a seek into its middle works', `${duration.toFixed(1)} s long, seeked to ${middle.toFixed(1)} s, playing at ${at.toFixed(1)} s (${page.url().split('#')[1]})`);
  } catch (e) {
    fail('the replay plays and a seek into its middle works', String(e).split('\n')[0]);
  }
  await page.screenshot({ path: join(opt.artifacts, 'replay.png') }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

// Glass-to-glass latency of the local live path, measured where the viewer sees it: in Chromium.
// scripts/bench-local pushes a test pattern whose top strip carries the frame number as 16 black/white
// blocks (bit b = block b). Frame n leaves ffmpeg (-re) at pushStart + n / fps. This script opens the
// viewer page, draws the live <video> into a canvas, decodes the frame number from the pixels and
// prints, per sample, now - (pushStart + n / fps). It measures, it does not judge.
//
// Usage: node local/e2e/glass.mjs --url URL --push-started-ms EPOCH_MS --fps 15 [--samples 10]
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
    'push-started-ms': { type: 'string' },
    fps: { type: 'string', default: '15' },
    samples: { type: 'string', default: '10' },
  },
});
if (!opt.url || !opt['push-started-ms']) {
  console.error('glass.mjs: --url and --push-started-ms are required');
  process.exit(2);
}
const pushStart = Number(opt['push-started-ms']);
const fps = Number(opt.fps);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 600 } });
  await page.goto(opt.url, { waitUntil: 'load' });
  // wait until the live video is playing; a viewer whose player stays paused presses play once
  const state = () =>
    page.evaluate(() => {
      const v = document.getElementById('live-video');
      return v ? { t: v.currentTime, paused: v.paused } : { t: 0, paused: true };
    });
  const deadline = Date.now() + 60_000;
  let pressed = false;
  const loadedAt = Date.now();
  while (Date.now() < deadline) {
    const v = await state();
    if (v.t > 2 && !v.paused) break;
    if (!pressed && Date.now() - loadedAt > 15_000 && v.paused) {
      pressed = true;
      console.log(`INFO the live video is paused at ${v.t.toFixed(1)} s after 15 s: pressing play (#play)`);
      await page.locator('#play').click().catch(() => {});
    }
    await sleep(500);
  }
  const results = [];
  for (let i = 0; i < Number(opt.samples); i++) {
    // the frame on screen now, decoded in the page; the wallclock taken in the same tick
    const s = await page.evaluate(() => {
      const v = document.getElementById('live-video');
      if (!v || !v.videoWidth) return null;
      const c = document.createElement('canvas');
      c.width = 416;
      c.height = 40;
      const g = c.getContext('2d', { willReadFrequently: true });
      g.drawImage(v, 0, 0, (v.videoWidth * 416) / 426, (v.videoHeight * 40) / 240, 0, 0, 416, 40);
      const px = g.getImageData(0, 0, 416, 40).data;
      let n = 0;
      for (let b = 0; b < 16; b++) {
        let sum = 0;
        let count = 0;
        for (let y = 10; y < 30; y++) {
          for (let x = b * 26 + 6; x < b * 26 + 20; x++) {
            const o = (y * 416 + x) * 4;
            sum += px[o];
            count += 1;
          }
        }
        if (sum / count > 128) n |= 1 << b;
      }
      return { n, now: Date.now() };
    });
    const playing = await state();
    if (s && playing.paused) {
      console.log(`SKIP frame=${s.n}: the live video is paused at ${playing.t.toFixed(1)} s`);
    } else if (s) {
      const sent = pushStart + (s.n * 1000) / fps;
      results.push(s.now - sent);
      console.log(`SAMPLE frame=${s.n} latency_ms=${Math.round(s.now - sent)}`);
    }
    await sleep(1000);
  }
  if (!results.length) {
    console.log('RESULT none: the live video never played (no sample taken)');
    process.exitCode = 1;
  } else {
    results.sort((a, b) => a - b);
    const med = results[Math.floor(results.length / 2)];
    console.log(`RESULT median_ms=${Math.round(med)} min_ms=${Math.round(results[0])} max_ms=${Math.round(results.at(-1))} samples=${results.length}`);
  }
} finally {
  await browser.close();
}

// Chapters, end to end on the local platform (called by scripts/e2e while the channel is offline; env: the local
// platform's, from .local/env: AWS_*, ONAIR_TF_DIR):
//   1. scripts/chapter while offline fails with IVS's ChannelNotBroadcasting, said plainly, and stores nothing;
//   2. a real RTMP push (its own ffmpeg); real Chromium watches live; scripts/chapter "Q&A" marks the moment:
//      the page, loaded before the chapter existed, shows it from the stream's timed metadata (the IVS emulator's
//      ID3 in the live HLS, read by hls.js), and the raw live segments carry the ID3 TXXX frame;
//   3. once the recording can play, the chapter is a marker on the rewind bar, and choosing it (keyboard) plays the
//      recording from that moment;
//   4. after the push: the replay (GET /api/recordings, its chaptersUrl through the edge: lambda/api/chapters.schema.json)
//      has the chapter, and choosing it plays the replay from there; scripts/chapter offline again changes nothing.
// Prints PASS/FAIL lines (scripts/e2e reads them); exit 1 when any failed.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'frontend', 'package.json'));
const { chromium } = require('playwright-core');
const Ajv2020 = require('ajv/dist/2020.js');
const addFormats = require('ajv-formats');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    rtmp: { type: 'string' },
    artifacts: { type: 'string' },
    'timeout-s': { type: 'string', default: '300' },
  },
});
for (const k of ['url', 'rtmp', 'artifacts']) {
  if (!opt[k]) {
    console.error(`chapters.mjs: --${k} is required`);
    process.exit(2);
  }
}
mkdirSync(opt.artifacts, { recursive: true });
const LIMIT_MS = Number(opt['timeout-s']) * 1000;

let failed = 0;
const pass = (name, detail = '') => console.log(`PASS chapters: ${name}: ${detail}`);
const fail = (name, detail = '') => {
  failed += 1;
  console.log(`FAIL chapters: ${name}: ${detail}`);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default ? addFormats.default(ajv) : addFormats(ajv);
const validateChapters = ajv.compile(JSON.parse(readFileSync(join(root, 'lambda/api/chapters.schema.json'), 'utf8')));

function chapter(args) {
  const r = spawnSync(join(root, 'scripts/chapter'), args, { encoding: 'utf8', env: process.env, timeout: 120_000 });
  writeFileSync(join(opt.artifacts, 'chapter.log'), `$ scripts/chapter ${args.join(' ')}\n${r.stdout}${r.stderr}\n`, { flag: 'a' });
  return r;
}

/** The first #EXT-X-PROGRAM-DATE-TIME (ms) of the first variant of a multivariant playlist. */
async function firstProgramDateTime(masterUrl) {
  const master = await (await fetch(masterUrl)).text();
  const variant = master.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  const media = await (await fetch(new URL(variant, masterUrl))).text();
  const line = media.split('\n').find((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'));
  if (!line) throw new Error(`no program date-time in ${new URL(variant, masterUrl)}`);
  return Date.parse(line.slice(25).trim());
}

async function status() {
  const r = await fetch(new URL('api/stream', opt.url), { cache: 'no-store' });
  return r.ok ? r.json() : null;
}

async function waitFor(what, check, limitMs = LIMIT_MS) {
  const t0 = Date.now();
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch {
      // try again
    }
    if (Date.now() - t0 > limitMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

/** The objects named onair/chapters.json in the recordings bucket (aws CLI, the platform's env). */
function storedChapterKeys() {
  const tf = spawnSync('terraform', [`-chdir=${process.env.ONAIR_TF_DIR}`, 'output', '-raw', 'recordings_bucket'], { encoding: 'utf8' });
  const ls = spawnSync('aws', ['s3', 'ls', `s3://${tf.stdout.trim()}/ivs/v1/`, '--recursive'], { encoding: 'utf8' });
  return ls.stdout.split('\n').filter((l) => l.endsWith('/onair/chapters.json')).map((l) => l.trim().split(/\s+/).pop());
}

// ---------------------------------------------------------------- 1. offline
const before = storedChapterKeys();
const offline = chapter(['Offline moment']);
if (offline.status !== 0 && /not broadcasting \(IVS: ChannelNotBroadcasting\)/.test(offline.stderr)
  && /nothing sent, nothing stored/.test(offline.stderr) && storedChapterKeys().length === before.length) {
  pass('scripts/chapter while offline says the channel is not broadcasting and stores nothing', offline.stderr.trim().split('\n').pop());
} else {
  fail('scripts/chapter while offline', `exit ${offline.status}: ${offline.stderr.trim()}`);
}

// ---------------------------------------------------------------- 2. live
const push = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=15',
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
  '-g', '30', '-pix_fmt', 'yuv420p', '-b:v', '300k', '-c:a', 'aac', '-b:a', '64k', '-t', '600', '-f', 'flv', opt.rtmp],
{ stdio: ['ignore', 'ignore', 'pipe'] });
let pushErr = '';
push.stderr.on('data', (d) => (pushErr += d));
const stopPush = async () => {
  if (push.exitCode !== null) return;
  push.kill('SIGINT');
  await Promise.race([new Promise((r) => push.once('exit', r)), sleep(10_000)]);
  if (push.exitCode === null) push.kill('SIGKILL');
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
const pageErrors = [];
let markedAtMs = null;
let recordingId = null;
try {
  const live = await waitFor('the API to say live with a recording', async () => {
    const s = await status();
    return s && s.status === 'live' && s.dvr && s.dvr.chaptersUrl ? s : null;
  });
  pass('live with a recording', `chaptersUrl ${live.dvr.chaptersUrl}`);
  recordingId = live.dvr.playlistUrl.split('/').slice(-4)[0];

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(opt.url);
  await page.waitForSelector('html[data-view="live"]', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#live-video').currentTime > 1, null, { timeout: 60_000 });
  const before2 = await page.$$eval('#chapter-list button', (bs) => bs.length);

  const marked = chapter(['Q&A']);
  markedAtMs = Date.now();
  if (marked.status === 0) pass('scripts/chapter "Q&A" during the push', marked.stdout.trim().split('\n').slice(-3).join(' | '));
  else fail('scripts/chapter "Q&A" during the push', `exit ${marked.status}: ${marked.stderr.trim()}`);

  // timed metadata: the page loaded before the chapter existed (its document was a 404): only the stream can tell it
  try {
    await page.waitForFunction((n) => [...document.querySelectorAll('#chapter-list .chapter-text')].some((b) => b.textContent.endsWith(' Q&A'))
      && document.querySelectorAll('#chapter-list button').length > n, before2, { timeout: 60_000 });
    pass('a live viewer gets the chapter from the stream (IVS timed metadata, ID3 in the live HLS)', `${((Date.now() - markedAtMs) / 1000).toFixed(1)} s after scripts/chapter returned`);
  } catch (e) {
    fail('a live viewer gets the chapter from the stream', String(e).split('\n')[0]);
  }

  // 3. the rewind bar: once the recording can play, a marker; the chapter button plays the recording from there
  try {
    await page.waitForSelector('html[data-rewind="ready"]', { timeout: 120_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('#chapter-strip .chapter-marker')].some((m) => !m.hidden && m.style.left), null, { timeout: 30_000 });
    const left = await page.$eval('#chapter-strip .chapter-marker:not([hidden])', (m) => m.style.left);
    pass('the chapter is a marker on the rewind bar', `at ${left}`);
    await page.focus('#chapter-list li:last-child button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('html[data-mode="recording"]', { timeout: 30_000 });
    await page.$eval('#dvr-video', (v) => { v.muted = true; });
    const t1 = await page.$eval('#dvr-video', (v) => v.currentTime);
    await page.waitForFunction((t) => { const v = document.querySelector('#dvr-video'); return !v.seeking && v.currentTime > t + 1; }, t1, { timeout: 60_000 });
    const behind = Number(await page.getAttribute('html', 'data-behind'));
    const expected = (Date.now() - markedAtMs) / 1000;
    if (Math.abs(behind - expected) < 15) pass('choosing it plays the recording from the chapter', `${behind} s behind live, the chapter was ${expected.toFixed(0)} s ago`);
    else fail('choosing it plays the recording from the chapter', `${behind} s behind live, the chapter was ${expected.toFixed(0)} s ago`);
  } catch (e) {
    fail('the rewind bar has the chapter and jumping to it plays from there', String(e).split('\n')[0]);
  }
  await page.screenshot({ path: join(opt.artifacts, 'chapters-live.png') }).catch(() => {});
  await page.context().close();
} catch (e) {
  fail('live part', String(e).split('\n')[0]);
} finally {
  await stopPush();
}

// ---------------------------------------------------------------- 4. the replay
try {
  if (!recordingId) throw new Error('no recording to look for');
  const rec = await waitFor('the replay in GET /api/recordings', async () => {
    const r = await fetch(new URL('api/recordings', opt.url));
    const doc = r.ok ? await r.json() : null;
    return doc && doc.recordings.find((x) => x.id === recordingId);
  });
  const res = await fetch(new URL(rec.chaptersUrl, opt.url));
  const doc = res.ok ? await res.json() : null;
  if (doc && validateChapters(doc) && doc.chapters.some((c) => c.title === 'Q&A')) {
    pass('the replay names its chapters, served by the edge as the contract says', `${rec.chaptersUrl}: ${JSON.stringify(doc.chapters)}`);
  } else {
    fail('the replay names its chapters', `HTTP ${res.status}: ${JSON.stringify(doc)} ${ajv.errorsText(validateChapters.errors)}`);
  }
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${opt.url}#/replay/${rec.id}`);
  await page.waitForFunction(() => document.querySelector('#replay-video').duration > 4, null, { timeout: 60_000 });
  await page.waitForSelector('#replay-chapter-list button', { timeout: 30_000 });
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('#replay-chapter-strip .chapter-marker')].some((m) => !m.hidden), null, { timeout: 30_000 });
  } catch (e) {
    // what the page placed: each button says where its chapter is in the replay (m:ss from the first segment's
    // program date-time); a hidden marker means that moment is outside [0, duration]
    const seen = await page.evaluate(() => ({
      duration: document.querySelector('#replay-video').duration,
      buttons: [...document.querySelectorAll('#replay-chapter-list .chapter-text')].map((b) => b.textContent),
      markers: [...document.querySelectorAll('#replay-chapter-strip .chapter-marker')].map((m) => `${m.dataset.at} hidden=${m.hidden}`),
    }));
    throw new Error(`no chapter marker shown on the replay: ${JSON.stringify(seen)}`);
  }
  await page.$eval('#replay-video', (v) => { v.muted = true; });
  const q = doc.chapters.find((c) => c.title === 'Q&A');
  await page.click('#replay-chapter-list button >> text=Q&A');
  await page.waitForFunction(() => { const v = document.querySelector('#replay-video'); return !v.paused && !v.seeking && v.currentTime > 0.5; }, null, { timeout: 60_000 });
  const at = await page.$eval('#replay-video', (v) => v.currentTime);
  const label = (await page.textContent('#replay-chapter-list button >> text=Q&A')).trim();
  // the button says where the chapter is in the replay ("m:ss Q&A", from the recording's program date-time)
  const m = /(\d+):(\d{2}) Q&A$/.exec(label);
  const offset = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  // where the chapter really is: its time minus the replay's first program date-time (read here from the recorded
  // playlist the page plays, as IVS writes it), not the list's startedAt (late by the reconnect window)
  const pdt0 = await firstProgramDateTime(new URL(rec.playlistUrl, opt.url));
  const truth = (Date.parse(q.at) - pdt0) / 1000;
  const where = `${label} (the recording's date-times put it at ${truth.toFixed(1)} s); playing at ${at.toFixed(1)} s`;
  if (Math.abs(offset - truth) <= 1.5 && at >= truth - 1 && at < truth + 15) pass('the replay has the chapter and plays from it', `${where} (chapter at ${q.at})`);
  else fail('the replay has the chapter and plays from it', where);
  await page.screenshot({ path: join(opt.artifacts, 'chapters-replay.png') }).catch(() => {});
  await page.context().close();
} catch (e) {
  fail('the replay has the chapter and plays from it', String(e).split('\n')[0]);
} finally {
  await browser.close();
}

const after = storedChapterKeys();
const late = chapter(['After the end']);
if (late.status !== 0 && /ChannelNotBroadcasting/.test(late.stderr) && after.length === storedChapterKeys().length) {
  pass('scripts/chapter after the broadcast is refused again, nothing stored', `${after.length} chapters document(s) in the bucket`);
} else {
  fail('scripts/chapter after the broadcast', `exit ${late.status}: ${late.stderr.trim()}`);
}
if (pageErrors.length) fail('no JavaScript errors', pageErrors.join(' | '));
else pass('no JavaScript errors', '');
if (push.exitCode && push.exitCode !== 255 && pushErr) console.log(`INFO push: ${pushErr.slice(-300)}`);
process.exit(failed ? 1 : 0);

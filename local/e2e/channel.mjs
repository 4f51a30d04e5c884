// Issue 13 (channel info, link previews, embedding) against the running local platform, through the edge (local/cloud
// plays CloudFront from the same Terraform), with real Chromium. Prints PASS/FAIL lines; exit 1 on any FAIL.
//
//   1. scripts/channel set with a bad value fails and changes nothing; then set a title, description, next time
//   2. /api/stream serves them; the served index.html carries <title>, description, Open Graph and Twitter tags
//      whose image exists
//   3. the offline page shows the title and description, counts down, and "Add to calendar" downloads an .ics
//   4. /embed has frame-ancestors <allowed site> and no X-Frame-Options, / still refuses frames; in Chromium
//      /embed renders inside an iframe of the allowed origin (a page served on --embed-port) and is refused inside
//      the same iframe on another loopback port
//
// Usage: node local/e2e/channel.mjs --url EDGE_URL --embed-port PORT --artifacts DIR
// (env: the local platform's, from .local/env: AWS_*, ONAIR_TF_DIR)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
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
    'embed-port': { type: 'string' },
    artifacts: { type: 'string' },
  },
});
for (const k of ['url', 'embed-port', 'artifacts']) {
  if (!opt[k]) {
    console.error(`channel.mjs: --${k} is required`);
    process.exit(2);
  }
}
mkdirSync(opt.artifacts, { recursive: true });
const edge = new URL(opt.url);
const edgeOrigin = edge.origin;

let failed = 0;
const pass = (name, detail = '') => console.log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
const fail = (name, detail = '') => {
  failed += 1;
  console.log(`FAIL ${name}${detail ? ` — ${detail}` : ''}`);
};
const check = (name, ok, detail = '') => (ok ? pass(name, detail) : fail(name, detail));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, timeoutMs, everyMs = 1000) {
  const end = Date.now() + timeoutMs;
  let v;
  do {
    try {
      v = await fn();
    } catch {
      v = null;
    }
    if (v) return v;
    await sleep(everyMs);
  } while (Date.now() < end);
  return v;
}

function channel(...args) {
  const r = spawnSync(join(root, 'scripts/channel'), args, { encoding: 'utf8', env: process.env, timeout: 180_000 });
  writeFileSync(join(opt.artifacts, 'channel.log'), `$ scripts/channel ${args.join(' ')}\n${r.stdout}${r.stderr}\n`, { flag: 'a' });
  return r;
}
const apiDoc = async () => (await fetch(new URL('api/stream', edge), { signal: AbortSignal.timeout(15000) })).json();

// ---------------------------------------------------------------- 1. scripts/channel
const title = `E2E build night — Q&A, "live" ${process.pid}`;
const description = 'We build OnAir live.\nBring questions & ideas.';
const next = new Date(Date.now() + 2 * 3600_000 + 30 * 60_000);
next.setUTCMilliseconds(0);
const nextIso = next.toISOString().replace('.000Z', 'Z');

const before = channel('show');
const bad = channel('set', '--title', 'Good title', '--next', '2020-01-01T00:00:00Z');
const afterBad = channel('show');
check('channel set with a past time fails and changes nothing',
  bad.status !== 0 && /not in the future/.test(bad.stderr) && afterBad.stdout === before.stdout,
  `exit ${bad.status}: ${bad.stderr.trim().split('\n').slice(-2).join(' | ')}`);
const html = channel('set', '--title', '<b>bold</b>');
check('channel set with HTML in the title fails', html.status !== 0 && /no HTML/.test(html.stderr), `exit ${html.status}`);

const set = channel('set', '--title', title, '--description', description, '--next', nextIso);
check('channel set --title --description --next', set.status === 0, `exit ${set.status} ${set.stderr.trim().split('\n').slice(-1)}`);
const shown = channel('show');
check('channel show prints what was stored', shown.stdout.includes(title) && shown.stdout.includes(nextIso), shown.stdout.trim().replace(/\n/g, ' | '));

// ---------------------------------------------------------------- 2. API and the served HTML
const doc = await until(async () => {
  const d = await apiDoc();
  return d.title === title && d.nextStreamAt === nextIso ? d : null;
}, 90_000, 2000);
check('/api/stream serves title, description, nextStreamAt', doc && doc.description === description,
  doc ? `${doc.title} / ${doc.nextStreamAt}` : 'not within 90 s');

const escaped = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const served = await until(async () => {
  const r = await fetch(edge, { signal: AbortSignal.timeout(15000) });
  const text = await r.text();
  return text.includes(`<meta property="og:title" content="${escaped}" />`) ? { r, text } : null;
}, 60_000, 2000);
if (!served) {
  fail('the served index.html carries the Open Graph tags', 'og:title not found within 60 s');
} else {
  const { text } = served;
  const og = (p) => (text.match(new RegExp(`<meta (?:property|name)="${p}" content="([^"]*)" />`)) || [])[1];
  check('served <title> is the channel title', text.includes(`<title>${escaped}</title>`));
  check('served description and og:description', og('description') === 'We build OnAir live. Bring questions &amp; ideas.' && og('og:description') === og('description'), og('og:description'));
  check('served Twitter card', og('twitter:card') === 'summary_large_image' && og('twitter:title') === escaped);
  const image = og('og:image');
  const img = image ? await fetch(image.replace(/&amp;/g, '&'), { signal: AbortSignal.timeout(15000) }) : null;
  check('og:image is an absolute URL that exists (200, an image)', img && img.status === 200 && /^image\//.test(img.headers.get('content-type') || ''),
    `${image} -> ${img && img.status} ${img && img.headers.get('content-type')}`);
}

// ---------------------------------------------------------------- 3. the page
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const servers = [];
try {
  const context = await browser.newContext({ viewport: { width: 960, height: 640 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(opt.url, { waitUntil: 'domcontentloaded' });
  const shownTitle = await until(async () => {
    const t = await page.locator('#channel-title').textContent();
    return t === title ? t : null;
  }, 60_000);
  check('the page shows the title', shownTitle === title, String(shownTitle));
  check('the page shows the description', (await page.locator('#channel-description').textContent()) === description);
  const countdown = await until(async () => (await page.locator('#next-stream').isVisible()) && (await page.locator('#next-stream-text').textContent()), 30_000);
  check('the offline page counts down to the next stream', /^Next stream .+, in 2 h [0-5]\d min\.$/.test(countdown || ''), String(countdown));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('#add-to-calendar')]);
  const ics = await new Promise((res, rej) => {
    download.createReadStream().then((s) => {
      const parts = [];
      s.on('data', (c) => parts.push(c));
      s.on('end', () => res(Buffer.concat(parts).toString('utf8')));
      s.on('error', rej);
    }, rej);
  });
  writeFileSync(join(opt.artifacts, 'next-stream.ics'), ics);
  const unfolded = ics.replace(/\r\n /g, '');
  check('Add to calendar downloads an .ics (CRLF, UID, DTSTAMP, start, escaped title)',
    download.suggestedFilename().endsWith('.ics') && ics.startsWith('BEGIN:VCALENDAR\r\n') && !/[^\r]\n/.test(ics)
    && /\r\nUID:[^\r]+@127\.0\.0\.1\r\n/.test(ics) && /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/.test(ics)
    && unfolded.includes(`DTSTART:${nextIso.replace(/[-:]/g, '')}\r\n`)
    && unfolded.includes('SUMMARY:E2E build night — Q&A\\, "live"'), download.suggestedFilename());
  await page.screenshot({ path: join(opt.artifacts, 'channel-offline.png') }).catch(() => {});

  // ---------------------------------------------------------------- 4. /embed
  const embedUrl = new URL('embed', edge).href;
  const embedRes = await fetch(embedUrl, { signal: AbortSignal.timeout(15000) });
  const csp = embedRes.headers.get('content-security-policy') || '';
  const allowedOrigin = `http://127.0.0.1:${opt['embed-port']}`;
  check('/embed: CSP frame-ancestors names the allowed site, no X-Frame-Options',
    embedRes.status === 200 && csp.includes(`frame-ancestors ${allowedOrigin}`) && !embedRes.headers.get('x-frame-options'),
    `${embedRes.status} ${csp.match(/frame-ancestors[^;]*/)} xfo=${embedRes.headers.get('x-frame-options')}`);
  const rootRes = await fetch(edge, { signal: AbortSignal.timeout(15000) });
  check('/ still refuses frames (frame-ancestors \'none\', X-Frame-Options DENY)',
    (rootRes.headers.get('content-security-policy') || '').includes("frame-ancestors 'none'") && rootRes.headers.get('x-frame-options') === 'DENY');

  // two sites on loopback: the allowed one (the port Terraform was given) and another
  const host = (port) => new Promise((res, rej) => {
    const s = http.createServer((req, r) => {
      r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      r.end(`<!doctype html><title>a site embedding OnAir</title><h1>My blog</h1>
<iframe id="player" src="${embedUrl}" width="640" height="360" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>`);
    });
    s.once('error', rej);
    s.listen(port, '127.0.0.1', () => res(s));
  });
  const allowed = await host(Number(opt['embed-port']));
  servers.push(allowed);
  const other = await host(0);
  servers.push(other);

  const framed = async (origin, name) => {
    const p = await context.newPage();
    await p.goto(`${origin}/`, { waitUntil: 'load' });
    const frame = await until(async () => p.frames().find((f) => f !== p.mainFrame()), 15_000, 250);
    const badge = frame ? await until(async () => {
      const t = await frame.locator('#badge').textContent({ timeout: 2000 });
      return t && t !== 'Checking…' ? t : null;
    }, 30_000, 500) : null;
    await p.screenshot({ path: join(opt.artifacts, `embed-${name}.png`) }).catch(() => {});
    const result = { url: frame ? frame.url() : null, badge, header: await p.locator('header').count() };
    if (frame && badge) {
      result.frameHeader = await frame.locator('header').count();
      result.fills = await frame.evaluate(() => {
        const s = document.getElementById('screen').getBoundingClientRect();
        return s.width >= window.innerWidth - 1 && s.bottom <= window.innerHeight + 1;
      });
    }
    await p.close();
    return result;
  };
  const ok = await framed(allowedOrigin, 'allowed');
  check('/embed renders inside an iframe of the allowed site (status handled, no header, fills the frame)',
    ok.badge && /Offline|LIVE/.test(ok.badge) && ok.frameHeader === 0 && ok.fills === true, JSON.stringify(ok));
  const otherOrigin = `http://127.0.0.1:${other.address().port}`;
  const refused = await framed(otherOrigin, 'refused');
  check('/embed is refused by the browser inside an iframe of another site', !refused.badge,
    `${otherOrigin}: ${JSON.stringify(refused)}`);
} finally {
  for (const s of servers) await new Promise((r) => s.close(r));
  await browser.close();
}

// leave the channel without a next time, as later steps expect an ordinary offline page
const cleared = channel('clear-next');
check('channel clear-next', cleared.status === 0 && !channel('show').stdout.includes(nextIso));
process.exit(failed ? 1 : 0);

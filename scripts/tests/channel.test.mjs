// scripts/lib/channel.mjs: the channel info's validation (rules read from the API contract) and the one renderer
// of the link-preview tags, escaping tested against injection.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  META_END, META_START, SSM_STANDARD_MAX_BYTES, chooseImage, escapeHtml, fieldErrors, loadRules, merge, renderIndex,
} from '../lib/channel.mjs';
import { ROOT, tmpDir } from './helpers.mjs';

const now = new Date('2026-12-01T12:00:00Z');
const rules = loadRules();
const errs = (field, value) => fieldErrors(field, value, { rules, now });

test('the rules come from the contract schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'lambda/api/stream-status.schema.json'), 'utf8'));
  assert.equal(rules.title.maxLength, schema.properties.title.maxLength);
  assert.equal(rules.description.maxLength, schema.properties.description.maxLength);
  assert.equal(rules.nextStreamAt.pattern.source, new RegExp(schema.properties.nextStreamAt.pattern, 'u').source);
});

test('titles: plain text of 1..100 characters (code points, not UTF-16 units)', () => {
  assert.deepEqual(errs('title', 'Friday night build — Q&A'), []);
  assert.deepEqual(errs('title', '🎥'.repeat(100)), []);
  assert.match(errs('title', '🎥'.repeat(101))[0], /101 characters; at most 100/);
  assert.match(errs('title', '')[0], /empty or blank/);
  assert.match(errs('title', '   ')[0], /empty or blank/);
  assert.match(errs('title', '<script>alert(1)</script>')[0], /plain text: it contains "<"/);
  assert.match(errs('title', 'a > b')[0], /plain text: it contains ">"/);
  assert.match(errs('title', 'two\nlines')[0], /line break/);
  assert.match(errs('title', 'bell\u0007')[0], /U\+0007/);
  assert.match(errs('title', 'c1\u0085')[0], /U\+0085/);
  assert.match(errs('title', 42)[0], /must be text/);
});

test('descriptions: up to 500 characters, line breaks allowed, no other control character', () => {
  assert.deepEqual(errs('description', 'Line one\nLine two'), []);
  assert.deepEqual(errs('description', 'x'.repeat(500)), []);
  assert.match(errs('description', 'x'.repeat(501))[0], /at most 500/);
  assert.match(errs('description', 'tab\there')[0], /U\+0009/);
  assert.match(errs('description', 'esc \u001b[31m')[0], /U\+001B/);
  assert.match(errs('description', '<img src=x onerror=alert(1)>')[0], /no HTML/);
});

test('next stream: RFC 3339 UTC in whole seconds, a real date, in the future, within a year', () => {
  assert.deepEqual(errs('nextStreamAt', '2026-12-24T18:00:00Z'), []);
  for (const bad of ['2026-12-24T18:00:00+01:00', '2026-12-24 18:00:00Z', '2026-12-24T18:00Z', '2026-12-24T18:00:00.5Z',
    '24/12/2026 18:00', 'tomorrow', '2026-12-24t18:00:00z']) {
    assert.match(errs('nextStreamAt', bad)[0], /RFC 3339 UTC/, bad);
  }
  assert.match(errs('nextStreamAt', '2027-02-30T18:00:00Z')[0], /not a calendar date/);
  assert.match(errs('nextStreamAt', '2026-12-01T12:00:00Z')[0], /not in the future/);
  assert.match(errs('nextStreamAt', '2026-11-30T18:00:00Z')[0], /not in the future/);
  assert.match(errs('nextStreamAt', '2028-12-24T18:00:00Z')[0], /more than 366 days ahead/);
});

test('merge: a bad value changes nothing; good values keep the other fields', () => {
  const current = { title: 'Old title', description: 'Kept', nextStreamAt: '2026-12-24T18:00:00Z' };
  const bad = merge(current, { title: 'New <b>title</b>', nextStreamAt: '2026-12-25T18:00:00Z' }, { rules, now });
  assert.equal(bad.errors.length, 1);
  const ok = merge(current, { title: 'New title' }, { rules, now });
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(JSON.parse(ok.json), { title: 'New title', description: 'Kept', nextStreamAt: '2026-12-24T18:00:00Z' });
  const cleared = merge(current, { nextStreamAt: null }, { rules, now });
  assert.deepEqual(JSON.parse(cleared.json), { title: 'Old title', description: 'Kept' });
});

test('merge: a stored time that has passed, or a hand-edited field outside the rules, is dropped with a note', () => {
  const r = merge({ title: 'T', description: 'bad\u0000', nextStreamAt: '2026-01-01T00:00:00Z' }, { title: 'U' }, { rules, now });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(JSON.parse(r.json), { title: 'U' });
  assert.equal(r.notes.length, 2);
});

test('merge: the largest document allowed fits SSM Standard (4 KB) with room to spare', () => {
  const r = merge({}, { title: '😀'.repeat(100), description: '"\\'.repeat(250), nextStreamAt: '2026-12-24T18:00:00Z' }, { rules, now });
  assert.deepEqual(r.errors, []);
  const bytes = Buffer.byteLength(r.json);
  assert.ok(bytes <= 2600 && bytes < SSM_STANDARD_MAX_BYTES, `${bytes} bytes`);
});

const page = `<!doctype html><html><head>\n    ${META_START}\n    <title>OnAir</title>\n    ${META_END}\n<script type="module" src="/assets/x.js"></script></head><body></body></html>`;
const urls = { viewerUrl: 'https://live.example.com/', imageUrl: 'https://live.example.com/og-image.png' };

test('render: title, description, Open Graph and Twitter card tags in the served HTML', () => {
  const html = renderIndex(page, { title: 'Friday build', description: 'We build.\nLive.', nextStreamAt: null }, urls);
  assert.match(html, /<title>Friday build<\/title>/);
  assert.match(html, /<meta name="description" content="We build. Live." \/>/);
  assert.match(html, /<meta property="og:title" content="Friday build" \/>/);
  assert.match(html, /<meta property="og:image" content="https:\/\/live.example.com\/og-image.png" \/>/);
  assert.match(html, /<meta property="og:url" content="https:\/\/live.example.com\/" \/>/);
  assert.match(html, /<meta name="twitter:card" content="summary_large_image" \/>/);
  assert.match(html, /<meta name="twitter:image" content="https:\/\/live.example.com\/og-image.png" \/>/);
  assert.equal(html.match(/<title>/g).length, 1);
  assert.ok(html.includes('<script type="module" src="/assets/x.js"></script>'), 'the rest of the page is untouched');
  // rendering twice gives the same page (deploy after set, set after set)
  assert.equal(renderIndex(html, { title: 'Friday build', description: 'We build.\nLive.' }, urls), html);
});

test('render: no field can break out of its element or attribute (injection)', () => {
  // values the validator refuses, as if hand-written into the parameter: the renderer escapes them anyway
  const hostile = {
    title: '</title><script>alert(1)</script>',
    description: '" onload="alert(1)" x=\'<svg/onload=alert(2)>&amp;',
  };
  const html = renderIndex(page, hostile, urls);
  const block = html.slice(html.indexOf(META_START), html.indexOf(META_END));
  assert.ok(!/<script/i.test(block), block);
  assert.ok(!/<svg/i.test(block), block);
  assert.ok(!/" onload=/.test(block), block);
  assert.match(block, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  assert.match(block, /content="&quot; onload=&quot;alert\(1\)&quot; x=&#39;&lt;svg\/onload=alert\(2\)&gt;&amp;amp;"/);
  // every tag in the block is one of ours
  for (const tag of block.match(/<[a-z][^>]*>/g)) assert.match(tag, /^<(title|meta (name|property)="[a-z:_]+" content="[^"<>]*" \/)>$/, tag);
  assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
});

test('render: refuses a page without the marked block, and URLs that are not absolute http(s)', () => {
  assert.throws(() => renderIndex('<html><head><title>x</title></head></html>', {}, urls), /onair:meta/);
  assert.throws(() => renderIndex(page, {}, { ...urls, imageUrl: 'javascript:alert(1)' }), /absolute/);
  assert.throws(() => renderIndex(page, {}, { ...urls, viewerUrl: 'https://x/" onload="' }), /absolute/);
});

test('the image: the newest thumbnail when it exists, else the shipped fallback', async () => {
  const thumb = '/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/thumbnails/thumb42.jpg';
  const fetcher = (exists, doc) => async (url, opts = {}) => {
    if (String(url).endsWith('/api/stream')) return { ok: true, json: async () => doc };
    assert.equal(opts.method, 'HEAD');
    return { ok: exists };
  };
  assert.equal(await chooseImage('https://live.example.com/', fetcher(true, { thumbnailUrl: thumb })), `https://live.example.com${thumb}`);
  assert.equal(await chooseImage('https://live.example.com/', fetcher(false, { thumbnailUrl: thumb })), 'https://live.example.com/og-image.png');
  assert.equal(await chooseImage('https://live.example.com', fetcher(true, { thumbnailUrl: null })), 'https://live.example.com/og-image.png');
  assert.equal(await chooseImage('https://live.example.com/', fetcher(true, { thumbnailUrl: '//evil.example/x.jpg' })), 'https://live.example.com/og-image.png');
  assert.equal(await chooseImage('https://live.example.com/', async () => { throw new Error('offline'); }), 'https://live.example.com/og-image.png');
});

test('the CLI: merge exits 2 with the reasons and prints nothing to store', () => {
  const dir = tmpDir('channel');
  const cur = path.join(dir, 'current.json');
  fs.writeFileSync(cur, '{"title":"Kept"}');
  const cli = path.join(ROOT, 'scripts/lib/channel.mjs');
  const bad = spawnSync('node', [cli, 'merge', '--current', cur, '--description', 'ok', '--next', '2020-01-01T00:00:00Z'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /invalid: nextStreamAt 2020-01-01T00:00:00Z is not in the future/);
  const good = execFileSync('node', [cli, 'merge', '--current', cur, '--description', 'ok'], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(good), { title: 'Kept', description: 'ok' });
});

test('the page as built carries the marked block the renderer fills', () => {
  const html = fs.readFileSync(path.join(ROOT, 'frontend/index.html'), 'utf8');
  assert.equal(html.split(META_START).length, 2);
  assert.equal(html.split(META_END).length, 2);
  assert.ok(fs.existsSync(path.join(ROOT, 'frontend/public/og-image.png')), 'the fallback preview image ships with the site');
});

// scripts/lib/chapter.mjs and scripts/chapter: the title's rules (read from the contract), the PutMetadata payload
// within IVS's 1 KB, the stored document's limits, and a bad title refused before any AWS call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PUT_METADATA_MAX_BYTES, add, cue, loadRules, readDocument, titleErrors } from '../lib/chapter.mjs';
import { ROOT, tmpDir } from './helpers.mjs';

const rules = loadRules();
const AT = '2026-12-02T10:00:00.000Z';

test('the rules come from lambda/api/chapters.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'lambda/api/chapters.schema.json'), 'utf8'));
  assert.equal(rules.title.maxLength, schema.$defs.chapter.properties.title.maxLength);
  assert.equal(rules.maxChapters, schema.properties.chapters.maxItems);
  assert.equal(rules.cueType, 'onair.chapter');
});

test('titles: plain text of 1..100 characters', () => {
  assert.deepEqual(titleErrors('Q&A — with chat', rules), []);
  assert.deepEqual(titleErrors('🎥'.repeat(100), rules), []);
  assert.match(titleErrors('🎥'.repeat(101), rules)[0], /101 characters; at most 100/);
  assert.match(titleErrors('', rules)[0], /empty or blank/);
  assert.match(titleErrors('  ', rules)[0], /empty or blank/);
  assert.match(titleErrors('<img src=x onerror=alert(1)>', rules)[0], /plain text: it contains "<"/);
  assert.match(titleErrors('two\nlines', rules)[0], /line break/);
  assert.match(titleErrors('esc\u001b[31m', rules)[0], /U\+001B/);
});

test('the payload is the contract cue and the longest allowed title stays within IVS 1 KB', () => {
  assert.equal(cue('Q&A', AT, rules).json, '{"type":"onair.chapter","title":"Q&A","at":"2026-12-02T10:00:00.000Z"}');
  // the worst cases: 4-byte code points, characters JSON escapes
  for (const worst of ['𝄞'.repeat(100), '\\'.repeat(100), '"'.repeat(100), 'a\u2028'.repeat(50)]) {
    const { json, errors } = cue(worst, AT, rules);
    assert.deepEqual(errors, []);
    assert.ok(Buffer.byteLength(json, 'utf8') <= PUT_METADATA_MAX_BYTES, `${Buffer.byteLength(json)} bytes`);
    assert.equal(JSON.parse(json).title, worst);
  }
  assert.match(cue('ok', '2026-12-02T10:00:00Z', rules).errors[0], /milliseconds/);
});

test('chapters are added in time order, at most 100, and a broken stored document is never overwritten', () => {
  const one = add('', 'Intro', '2026-12-02T10:00:05.000Z', rules);
  assert.deepEqual(one.errors, []);
  const two = add(one.json, 'Earlier', '2026-12-02T10:00:01.000Z', rules);
  assert.deepEqual(JSON.parse(two.json).chapters.map((c) => c.title), ['Earlier', 'Intro']);
  let doc = { version: 1, chapters: [] };
  for (let i = 0; i < 100; i++) doc.chapters.push({ title: `c${i}`, at: AT });
  assert.match(add(JSON.stringify(doc), 'one more', AT, rules).errors[0], /already has 100 chapters/);
  assert.match(readDocument('{not json', rules).errors[0], /not JSON/);
  assert.match(add('{"version":1,"chapters":[{"title":"<b>","at":"x"}]}', 'ok', AT, rules).errors[0], /stored chapter 1/);
  assert.match(add('{"version":2,"chapters":[]}', 'ok', AT, rules).errors[0], /not a version 1 document/);
});

test('scripts/chapter refuses a bad title before any AWS call, and says so', () => {
  const dir = tmpDir('chapter');
  const calls = path.join(dir, 'calls');
  // an aws on PATH that only records that it was called: the script must not get that far
  fs.writeFileSync(path.join(dir, 'aws'), `#!/bin/sh\necho "$@" >> '${calls}'\nexit 1\n`, { mode: 0o755 });
  const r = spawnSync(path.join(ROOT, 'scripts/chapter'), ['<script>'], {
    encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, AWS_REGION: 'us-east-1' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /plain text: it contains "<"/);
  assert.match(r.stderr, /nothing sent, nothing stored/);
  assert.equal(fs.existsSync(calls), false, 'no aws call');
  const help = spawnSync(path.join(ROOT, 'scripts/chapter'), ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /ChannelNotBroadcasting/);
});

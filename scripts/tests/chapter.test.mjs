// scripts/lib/chapter.mjs and scripts/chapter: the title's rules (read from the contract), the PutMetadata payload
// within IVS's 1 KB, the stored document's limits, a bad title refused before any AWS call, and two chapters marked
// at the same moment both kept (a real S3 endpoint: moto).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PUT_METADATA_MAX_BYTES, add, cue, loadRules, readDocument, titleErrors } from '../lib/chapter.mjs';
import { ROOT, freePort, portOpen, run, startGroup, stopGroup, tmpDir, waitFor } from './helpers.mjs';

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

test('two chapters marked at the same moment are both stored (S3 conditional write, real moto S3)', async () => {
  const dir = tmpDir('chapter-race');
  const port = await freePort();
  const moto = startGroup('moto_server', ['-H', '127.0.0.1', '-p', String(port)], path.join(dir, 'moto.log'));
  try {
    await waitFor('moto', () => portOpen(port), 60);
    const env = {
      ...process.env, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_PAGER: '',
    };
    const bucket = 'onair-recordings-race';
    const prefix = 'ivs/v1/123456789012/AbCdEfGhIjKl/2026/12/3/10/0/RaCeRaCeRaCe';
    const doc = { status: 'live', streamId: 'st-race', recording: { bucket, keyPrefix: prefix, startedAt: '2026-12-03T10:00:00Z', endedAt: null } };
    for (const args of [['s3api', 'create-bucket', '--bucket', bucket],
      ['ssm', 'put-parameter', '--name', '/onair/race/state', '--type', 'String', '--value', JSON.stringify(doc)]]) {
      const r = await run('aws', args, { env });
      assert.equal(r.code, 0, r.stderr);
    }
    // IVS is not in moto: an aws on PATH answers GetStream and PutMetadata itself and hands every other call to the
    // real CLI (S3 and SSM at moto). PutMetadata waits until both runs got there, so both have read the chapters
    // document before either stores it: the overlap that used to lose one chapter.
    const realAws = (await run('sh', ['-c', 'command -v aws'])).stdout.trim();
    const shim = path.join(dir, 'bin');
    fs.mkdirSync(shim);
    fs.writeFileSync(path.join(shim, 'aws'), `#!/bin/sh
case "$1 $2" in
  "ivs get-stream") echo st-race; exit 0 ;;
  "ivs put-metadata")
    touch "${dir}/arrived.$$"
    i=0; while [ "$(ls "${dir}" | grep -c '^arrived\.')" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    exit 0 ;;
esac
exec "${realAws}" "$@"
`, { mode: 0o755 });
    const chapter = (title) => run(path.join(ROOT, 'scripts/chapter'), [title, '--channel-arn',
      'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEfGhIjKl', '--state-parameter', '/onair/race/state'],
    { env: { ...env, PATH: `${shim}:${process.env.PATH}` } });
    const [a, b] = await Promise.all([chapter('Intro'), chapter('Q&A')]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('arrived.')).length, 2, 'both runs reached PutMetadata');
    const got = await run('aws', ['s3', 'cp', `s3://${bucket}/${prefix}/onair/chapters.json`, '-'], { env });
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(JSON.parse(got.stdout).chapters.map((c) => c.title).sort(), ['Intro', 'Q&A']);
    assert.match(a.stdout + a.stderr + b.stdout + b.stderr, /another chapter was stored at the same moment/,
      'one of the two found the document changed and read it again');
  } finally {
    await stopGroup(moto);
  }
});

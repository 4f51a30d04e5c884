// scripts/rebuild-recordings-index against a real S3 API (moto through local/moto/moto_local.py): the index of past
// broadcasts is rebuilt from the recordings' own metadata files, with the events function's rules (a failed
// recording is never playable, expired recordings are left out, titles are kept), and a second run writes nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, freePort, run, startGroup, stopGroup, tmpDir, waitFor } from './helpers.mjs';

const dir = tmpDir('rebuild-index');
const BUCKET = 'onair-recordings-test';
const INDEX = 'onair/recordings-index.json';
const procs = [];
let s3;
let env;

// moto refuses anonymous reads of private objects (as S3 does) but does not check signatures: a signed-looking
// request is enough for the test's own calls (the script itself goes through the aws CLI).
const AUTH = { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' };
const s3fetch = (key, init = {}) => fetch(`${s3}/${BUCKET}${key ? '/' + key : ''}`, { ...init, headers: { ...AUTH, ...(init.headers || {}) } });
const put = async (key, body, type = 'application/json') => {
  const r = await s3fetch(key, { method: 'PUT', headers: { 'content-type': type }, body });
  assert.ok(r.ok, `PUT ${key}: HTTP ${r.status}`);
};
const get = async (key) => {
  const r = await s3fetch(key);
  assert.ok(r.ok, `GET ${key}: HTTP ${r.status}`);
  return r;
};

// A recording as IVS leaves it: prefix dated at its start, metadata files as the record-to-S3 page shows them.
function prefixOf(id, start) {
  return `ivs/v1/123456789012/AbCdEf/${start.getUTCFullYear()}/${start.getUTCMonth() + 1}/${start.getUTCDate()}/${start.getUTCHours()}/${start.getUTCMinutes()}/${id}`;
}
async function recording(id, start, seconds, { failed = false, ended = !failed, thumbs = 0 } = {}) {
  const p = prefixOf(id, start);
  const end = new Date(start.getTime() + seconds * 1000);
  const meta = (status) => JSON.stringify({
    version: 'v1', channel_arn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf',
    recording_ended_at: end.toISOString().replace('.000Z', 'Z'), recording_started_at: start.toISOString().replace('.000Z', 'Z'),
    recording_status: status, media: { hls: { duration_ms: seconds * 1000, path: 'media/hls', playlist: 'master.m3u8' } },
  });
  await put(`${p}/events/recording-started.json`, meta('RECORDING_STARTED'));
  if (ended) await put(`${p}/events/recording-ended.json`, meta('RECORDING_ENDED'));
  if (failed) await put(`${p}/events/recording-failed.json`, meta('RECORDING_ENDED_WITH_FAILURE'));
  await put(`${p}/media/hls/master.m3u8`, '#EXTM3U\n', 'application/vnd.apple.mpegurl');
  for (let i = 0; i < thumbs; i++) await put(`${p}/media/thumbnails/thumb${i}.jpg`, 'x', 'image/jpeg');
  return p;
}

const rebuild = (...args) => run(path.join(ROOT, 'scripts/rebuild-recordings-index'), ['--bucket', BUCKET, ...args], { env });

before(async () => {
  const port = await freePort();
  procs.push(startGroup('python3', [path.join(ROOT, 'local/moto/moto_local.py'), '-H', '127.0.0.1', '-p', String(port)],
    path.join(dir, 'moto.log')));
  s3 = `http://127.0.0.1:${port}`;
  await waitFor('moto', async () => {
    try { return (await fetch(`${s3}/moto-api/`)).ok; } catch { return false; }
  }, 180);
  env = {
    ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  assert.ok((await s3fetch('', { method: 'PUT' })).ok, 'create bucket');
  // the recordings bucket's lifecycle rule as terraform/modules/bucket writes it (3 days, ivs/)
  const lc = await run('aws', ['--endpoint-url', s3, 's3api', 'put-bucket-lifecycle-configuration', '--bucket', BUCKET,
    '--lifecycle-configuration', JSON.stringify({ Rules: [{ ID: 'expire-objects', Status: 'Enabled', Filter: { Prefix: 'ivs/' }, Expiration: { Days: 3 } }] })], { env });
  assert.equal(lc.code, 0, lc.stderr);
});

after(async () => {
  for (const p of procs) await stopGroup(p);
});

test('--help explains and exits 0', async () => {
  const r = await run(path.join(ROOT, 'scripts/rebuild-recordings-index'), ['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /recording-ended\.json/);
});

test('rebuilds the index from the bucket, keeps titles, lists no failure and nothing expired; a second run writes nothing', async () => {
  const hour = 3600 * 1000;
  const now = Date.now();
  const start = (msAgo) => new Date(Math.floor((now - msAgo) / 60000) * 60000);
  const a = await recording('recA', start(5 * hour), 1800, { thumbs: 12 });
  await recording('recB', start(4 * hour), 600, { failed: true });
  await recording('recC', start(10 * 24 * hour), 600); // past the 3-day retention
  await recording('recD', start(3 * hour), 600, { failed: true, ended: true }); // both files: the failure is final
  const e = await recording('recE', start(2 * hour), 900);
  await recording('recF', start(1 * hour), 60, { ended: false }); // still recording: not a replay yet
  await put('ivs/v1/junk/events/recording-ended.json', '{"nonsense": true}');
  // the index before the loss knew recA's title
  await put(INDEX, JSON.stringify({ version: 1, recordings: [{ id: 'recA', keyPrefix: a, status: 'ended', startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:30:00Z', durationMs: 1800000, thumbnailKey: null, title: 'Friday night build' }], updatedAt: null }));

  const r = await rebuild();
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /retention from the bucket's lifecycle rule: 3 day/);
  const index = await (await get(INDEX)).json();
  const byId = Object.fromEntries(index.recordings.map((x) => [x.id, x]));
  assert.deepEqual(index.recordings.map((x) => x.id), ['recD', 'recB', 'recA', 'recE'].sort((x, y) => byId[y].startedAt.localeCompare(byId[x].startedAt)));
  assert.deepEqual(index.recordings.filter((x) => x.status === 'ended').map((x) => x.id), ['recE', 'recA']);
  assert.equal(byId.recB.status, 'failed');
  assert.equal(byId.recD.status, 'failed');
  assert.equal(byId.recA.title, 'Friday night build');
  assert.equal(byId.recA.thumbnailKey, `${a}/media/thumbnails/thumb11.jpg`);
  assert.equal(byId.recA.durationMs, 1800000);
  assert.equal(byId.recE.keyPrefix, e);
  assert.equal(byId.recE.thumbnailKey, null);
  assert.ok(!('recC' in byId) && !('recF' in byId), 'expired and unfinished recordings are not replays');

  const etag = (await get(INDEX)).headers.get('etag');
  const again = await rebuild();
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /unchanged/);
  assert.equal((await get(INDEX)).headers.get('etag'), etag, 'a second run writes nothing');

  // lost index: rebuilt the same (without the title nobody else knows)
  assert.ok((await s3fetch(INDEX, { method: 'DELETE' })).ok);
  const lost = await rebuild();
  assert.equal(lost.code, 0, lost.stderr);
  assert.match(lost.stdout, /no index/);
  const rebuilt = await (await get(INDEX)).json();
  assert.deepEqual(rebuilt.recordings.map((x) => x.id), index.recordings.map((x) => x.id));
});

test('refuses an index key under ivs/ and a bad retention', async () => {
  assert.notEqual((await rebuild('--index-key', 'ivs/index.json')).code, 0);
  const r = await rebuild('--retention-days', 'soon');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--retention-days/);
});

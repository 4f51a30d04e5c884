// local/e2e/lib: the helpers the end-to-end test's step groups share (the platform's environment, the status API
// poll, events the way IVS puts them) and the reporter whose lines scripts/e2e counts. Real HTTP servers on
// loopback, a real node:test run for the reporter.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import net from 'node:net';
import {
  api, isoShift, ivsEventEntries, parseEnvFile, platformEnv, putServiceEvent, startPush, stopPush, waitApi,
} from '../../local/e2e/lib/platform.mjs';
import { controlEvent, loadCorpus, render } from '../../local/e2e/lib/hostile.mjs';
import { exists, freePort, ROOT, run, tmpDir } from './helpers.mjs';

// A server on 127.0.0.1 answering with handler(req, body) -> [status, text]; returns { url, close, requests }.
async function server(handler) {
  const requests = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body });
      const [status, text] = handler(req, body, requests.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${s.address().port}/`, requests, close: () => new Promise((r) => s.close(r)) };
}

const ENV_FILE = `# OnAir local platform: source this file
export AWS_REGION=us-east-1
export AWS_ENDPOINT_URL=http://127.0.0.1:4566
export ONAIR_EDGE_URL=http://127.0.0.1:8080/
export ONAIR_RTMP_URL=rtmp://127.0.0.1:1935/app/
export ONAIR_TF_DIR=/tmp/onair tf
export ONAIR_PORT_EMBED_SITE=
`;

test('the env file scripts/local writes is read line by line (export NAME=value, empty values kept)', () => {
  const env = parseEnvFile(ENV_FILE);
  assert.equal(env.ONAIR_EDGE_URL, 'http://127.0.0.1:8080/');
  assert.equal(env.ONAIR_TF_DIR, '/tmp/onair tf');
  assert.equal(env.ONAIR_PORT_EMBED_SITE, '');
  assert.equal(Object.keys(env).length, 6);
});

test('platformEnv reads ONAIR_STATE_DIR/env when the platform is not in the environment, and says when it is missing', () => {
  const dir = tmpDir('e2e-lib');
  assert.throws(() => platformEnv({ ONAIR_STATE_DIR: dir }), /env missing: is the local platform up/);
  fs.writeFileSync(path.join(dir, 'env'), ENV_FILE);
  const env = platformEnv({ ONAIR_STATE_DIR: dir, PATH: '/usr/bin' });
  assert.equal(env.ONAIR_RTMP_URL, 'rtmp://127.0.0.1:1935/app/');
  assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
  assert.equal(env.AWS_PAGER, '');
  // an environment that already has the platform (scripts/e2e sourced it) wins over the file
  assert.equal(platformEnv({ ...env, ONAIR_EDGE_URL: 'http://127.0.0.1:1/' }).ONAIR_EDGE_URL, 'http://127.0.0.1:1/');
  assert.throws(() => platformEnv({ ONAIR_EDGE_URL: 'http://127.0.0.1:1/' }), /ONAIR_RTMP_URL is not set/);
});

test('waitApi polls GET /api/stream until the condition holds, and gives up within its bound with the last answer', async () => {
  const s = await server((req, body, n) => (n < 3 ? [503, '{"message":"busy"}'] : [200, JSON.stringify({ status: n < 5 ? 'idle' : 'live' })]));
  const artifacts = tmpDir('e2e-lib');
  try {
    const env = { ONAIR_EDGE_URL: s.url };
    const live = await waitApi(env, artifacts, (d) => d.status === 'live', 30);
    assert.equal(live.ok, true);
    assert.equal(live.doc.status, 'live');
    assert.equal(s.requests.length, 5);
    assert.ok(s.requests.every((r) => r.url === '/api/stream'));
    assert.equal(fs.readFileSync(path.join(artifacts, 'api.json'), 'utf8'), '{"status":"live"}');
    // a condition that throws on a document (a missing field) is false, not a crash
    const never = await waitApi(env, artifacts, (d) => d.dvr.startsAt === 'x', 1);
    assert.equal(never.ok, false);
    assert.equal(never.last, '{"status":"live"}');
  } finally {
    await s.close();
  }
});

test('api answers code 0 when nothing listens (bounded, no throw)', async () => {
  const r = await api({ ONAIR_EDGE_URL: `http://127.0.0.1:${await freePort()}/` }, null);
  assert.deepEqual([r.code, r.doc], [0, null]);
});

test('putServiceEvent posts one aws.ivs event to the service-event endpoint and returns its FailedEntryCount', async () => {
  const s = await server((req) => (req.url === '/_onair/aws-service-events' ? [200, '{"FailedEntryCount":0,"Entries":[{}]}'] : [404, '{}']));
  try {
    const detail = { event_name: 'Stream End', channel_name: 'onair', stream_id: 'st-1' };
    const arn = 'arn:aws:ivs:us-east-1:123456789012:channel/abc';
    const got = await putServiceEvent({ AWS_ENDPOINT_URL: s.url }, 'IVS Stream State Change', detail, '2026-12-01T12:00:00Z', arn);
    assert.equal(got, '0');
    const body = JSON.parse(s.requests[0].body);
    assert.deepEqual(body, ivsEventEntries('IVS Stream State Change', detail, '2026-12-01T12:00:00Z', arn));
    // the Detail is a JSON string inside the JSON, as PutEvents wants it (botocore events PutEventsRequestEntry)
    assert.equal(typeof body.Entries[0].Detail, 'string');
    assert.deepEqual(JSON.parse(body.Entries[0].Detail), detail);
  } finally {
    await s.close();
  }
  assert.equal(await putServiceEvent({ AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` }, 'x', {}, 't', 'a'), '?');
});

test('isoShift moves an event time by whole seconds, UTC, without milliseconds', () => {
  assert.equal(isoShift('2026-12-01T12:00:00Z', -30), '2026-12-01T11:59:30Z');
  assert.equal(isoShift('2026-12-31T23:59:50.123Z', 15), '2027-01-01T00:00:05Z');
});

test('the e2e reporter prints the lines scripts/e2e counts: ==> step, PASS name — figure, FAIL name — figure; reason; a test with subtests counts as its subtests', async () => {
  const dir = tmpDir('e2e-lib');
  const file = path.join(dir, 'sample.test.mjs');
  fs.writeFileSync(file, `import { describe, test } from 'node:test';
describe('8. A step', () => {
  test('a check with a figure', (t) => { t.diagnostic('3 s'); });
  test('a failing check', (t) => { t.diagnostic('HTTP 503'); throw new Error('want 200\\nsecond line'); });
  test('a skipped check', { skip: 'no ffmpeg' }, () => {});
});
describe('9. A step whose checks come from a program', () => {
  test('hostile events', async (t) => {
    await t.test('hostile events: one dropped', () => {});
    await t.test('hostile events: two dropped', () => { throw new Error('kept'); });
  });
  test('a plain check after it', () => {});
});
`);
  // NODE_TEST_CONTEXT would make the inner run report to this one instead of through the reporter
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const r = await run('node', ['--test', `--test-reporter=${path.join(ROOT, 'local/e2e/lib/e2e-reporter.mjs')}`,
    '--test-reporter-destination=stdout', file], { env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.split('\n').filter(Boolean), [
    '==> 8. A step',
    'PASS a check with a figure — 3 s',
    'FAIL a failing check — HTTP 503; want 200',
    '    | second line',
    '==> 9. A step whose checks come from a program',
    'PASS hostile events: one dropped',
    'FAIL hostile events: two dropped — kept',
    'PASS a plain check after it',
    'SKIP a skipped check: no ffmpeg',
    'checks: 3 passed, 2 failed',
  ]);
});

test('a PASS/FAIL-line program becomes one check per line, and one failing check when it did not get to its end', async () => {
  const dir = tmpDir('e2e-lib');
  const file = path.join(dir, 'programs.test.mjs');
  const lib = path.join(ROOT, 'local/e2e/lib/programs.mjs');
  // two "programs" (bash printing what a check program prints): one finishes, one stops before its last line
  fs.writeFileSync(file, `import { describe, test } from 'node:test';
import { lineChecks, runProgram } from ${JSON.stringify(lib)};
const dir = ${JSON.stringify(dir)};
describe('7b. Replays', () => {
  test('replays', async (t) => {
    const r = await runProgram(process.env, dir, 'replays.log', 'bash', ['-c', 'echo INFO noise; echo "PASS listed: 1 replay"; echo "FAIL plays: no frames" >&2; exit 1']);
    await lineChecks(t, r.text, { prefix: 'replays: ', finishedName: 'replays: result lines', log: r.log });
  });
  test('browser', async (t) => {
    const r = await runProgram(process.env, dir, 'viewer.log', 'bash', ['-c', 'echo "PASS live plays: 3 s"'], 5);
    await lineChecks(t, r.text, { prefix: 'browser: ', finished: /^(PASS the page shows offline|FAIL )/, finishedName: 'browser session finished', log: r.log });
  });
});
`);
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const r = await run('node', ['--test', `--test-reporter=${path.join(ROOT, 'local/e2e/lib/e2e-reporter.mjs')}`,
    '--test-reporter-destination=stdout', file], { env });
  assert.deepEqual(r.stdout.split('\n').filter(Boolean), [
    '==> 7b. Replays',
    'PASS replays: listed: 1 replay',
    `FAIL replays: plays: no frames — see ${path.join(dir, 'replays.log')}`,
    'PASS browser: live plays: 3 s',
    `FAIL browser session finished — no final result line (see ${path.join(dir, 'viewer.log')})`,
    'checks: 2 passed, 2 failed',
  ], r.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'replays.log'), 'utf8'), /INFO noise/);
});

test('startPush runs ffmpeg to the ingest with the key in the URL; stopPush ends it (SIGINT, bounded)', async () => {
  // an "ingest" that accepts the connection and never answers the RTMP handshake: ffmpeg waits in it
  const sockets = [];
  const ingest = net.createServer((c) => sockets.push(c));
  await new Promise((r) => ingest.listen(0, '127.0.0.1', r));
  const artifacts = tmpDir('e2e-lib');
  try {
    const env = { ...process.env, ONAIR_RTMP_URL: `rtmp://127.0.0.1:${ingest.address().port}/app/` };
    const p = startPush(env, artifacts, 'sk_us-east-1_test', 'push-test', 30);
    for (let i = 0; i < 100 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(sockets.length, 1, 'ffmpeg connected to the ingest');
    const t0 = Date.now();
    await stopPush(p);
    assert.ok(p.exitCode !== null || p.signalCode !== null, 'ffmpeg ended');
    assert.ok(!exists(p.pid));
    assert.ok(Date.now() - t0 < 20_000);
    assert.ok(fs.existsSync(path.join(artifacts, 'push-test.log')));
    await stopPush(p); // stopping a push that ended is a no-op
  } finally {
    sockets.forEach((c) => c.destroy());
    await new Promise((r) => ingest.close(r));
  }
});

test('the hostile corpus renders for the platform: every placeholder filled, $number written as its exact digits', () => {
  const corpus = loadCorpus();
  const ctx = {
    now: Date.parse('2026-12-01T12:00:00Z'), channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/abcDEF123456', bucket: 'rec',
    liveStreamId: 'st-live', prefix: 'ivs/v1/123456789012/abcDEF123456/2026/12/1/11/0/xyz',
  };
  const events = render(corpus, ctx);
  assert.equal(events.length, corpus.events.length);
  for (const e of events) {
    assert.ok(e.name && typeof e.body === 'string', e.name);
    assert.ok(!/\{\{\w+\}\}|@@number/.test(e.body), `${e.name}: ${e.body.slice(0, 200)}`);
  }
  const all = events.map((e) => e.body).join('\n');
  // JSON.parse would round it: the exact digits must be in the text
  assert.ok(all.includes(':9223372036854775807'), 'Long.MAX_VALUE written as digits');
  assert.ok(all.includes('arn:aws:ivs:us-east-1:123456789012:channel/abcDEF123456'));
  const control = JSON.parse(controlEvent(corpus, ctx));
  assert.equal(control.detail.event_name, 'Session Created');
  assert.match(control.detail.stream_id, /^st-[A-Za-z0-9]{23}$/);
});

// scripts/lambda-report: the release notes' cold start and memory of the native function, read from Lambda's
// REPORT log line. The sample lines follow AWS's documented format: tab-separated fields, Init Duration only on
// the first request of an execution environment
// (https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html, REPORT line data fields;
//  https://docs.aws.amazon.com/lambda/latest/operatorguide/log-structure.html).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, freePort, portOpen, run, startGroup, stopGroup, tmpDir, waitFor } from './helpers.mjs';

const REPORT = path.join(ROOT, 'scripts/lambda-report');
const ID = '6bc28136-xmpl-4365-b021-0ce6b2e64ab0';
const COLD = `REPORT RequestId: ${ID}\tDuration: 198.50 ms\tBilled Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 524.75 ms\t`;
const WARM = `REPORT RequestId: ${ID}\tDuration: 2.03 ms\tBilled Duration: 3 ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\t`;

function logFile(lines) {
  const dir = tmpDir('lambda-report');
  const f = path.join(dir, 'log.txt');
  fs.writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

test('the cold-start REPORT line gives Init Duration and Max Memory Used of Memory Size', async () => {
  const f = logFile([`START RequestId: ${ID} Version: 7`, `END RequestId: ${ID}`, COLD, WARM]);
  const r = await run(REPORT, ['--file', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(),
    'Native function, cold start: Init Duration 524.75 ms, Duration 198.50 ms, Max Memory Used 90 MB of 512 MB');
});

test('without a cold start (no Init Duration) it says so and fails: no invented figure', async () => {
  const r = await run(REPORT, ['--file', logFile([WARM, 'Init Duration: 1 ms (an application line)'])]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no REPORT line with an Init Duration/);
});

test('--function reads the REPORT line from CloudWatch Logs (real moto endpoint)', async () => {
  const dir = tmpDir('lambda-report-moto');
  const port = await freePort();
  const moto = startGroup('moto_server', ['-H', '127.0.0.1', '-p', String(port)], path.join(dir, 'moto.log'));
  try {
    await waitFor('moto', () => portOpen(port), 60);
    const env = {
      ...process.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'eu-west-1',
    };
    const group = '/aws/lambda/onair-status';
    const aws = (...args) => run('aws', ['logs', ...args], { env });
    assert.equal((await aws('create-log-group', '--log-group-name', group)).code, 0);
    assert.equal((await aws('create-log-stream', '--log-group-name', group, '--log-stream-name', '2026/12/02/[7]abc')).code, 0);
    const now = Date.now();
    const events = [WARM, COLD].map((message, i) => ({ timestamp: now + i, message: `${message}\n` }));
    const put = await aws('put-log-events', '--log-group-name', group, '--log-stream-name', '2026/12/02/[7]abc',
      '--log-events', JSON.stringify(events));
    assert.equal(put.code, 0, put.stderr);
    const r = await run(REPORT, ['--function', 'onair-status', '--since', String(now - 1000), '--wait', '20'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Native function onair-status, cold start: Init Duration 524.75 ms, '
      + 'Duration 198.50 ms, Max Memory Used 90 MB of 512 MB');
  } finally {
    await stopGroup(moto);
  }
});

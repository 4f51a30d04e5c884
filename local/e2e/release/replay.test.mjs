// scripts/replay-failed-events against a private moto_server with the stack's two FIFO queues: a dry run changes
// nothing, a replay re-queues the event into the events queue and deletes it from the failed-events queue, a message
// that is not an event stays, and a replay that cannot send deletes nothing. (The replay that ends in applied events
// runs in scripts/e2e against the real function.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { aws, exited, expect, figure, privateMotoEnv, ROOT, runLogged, stop, tail, tmpDir } from './lib.mjs';
import { startMoto } from './stack.mjs';

// what SQS moves to the failed-events queue: the EventBridge event itself
const EVENT = {
  version: '0',
  id: 'rehearsal-1',
  'detail-type': 'IVS Stream State Change',
  source: 'aws.ivs',
  time: '2026-01-01T12:00:00Z',
  resources: ['arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf'],
  detail: { event_name: 'Stream Start', stream_id: 'st-rehearsal' },
};
const NAMED = '2026-01-01T12:00:00Z IVS Stream State Change: Stream Start (id rehearsal-1)';

describe('scripts/replay-failed-events against a private moto_server (dry run, re-queue, a replay that cannot send)', () => {
  const work = tmpDir('rehearsal-replay');
  let moto;
  let env;
  let dlq;
  let src;
  before(async () => {
    moto = await startMoto(work);
    env = privateMotoEnv(moto.url);
    dlq = (await aws(env, ['sqs', 'create-queue', '--queue-name', 'onair-rehearsal-events-failed.fifo', '--attributes', 'FifoQueue=true'])).QueueUrl;
    src = (await aws(env, ['sqs', 'create-queue', '--queue-name', 'onair-rehearsal-events.fifo',
      '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true'])).QueueUrl;
    await aws(env, ['sqs', 'send-message', '--queue-url', dlq, '--message-group-id', 'ivs-events', '--message-deduplication-id', 'r1',
      '--message-body', JSON.stringify(EVENT)]);
    // and a message that is not one
    await aws(env, ['sqs', 'send-message', '--queue-url', dlq, '--message-group-id', 'ivs-events', '--message-deduplication-id', 'r2',
      '--message-body', 'not an event']);
  });
  after(async () => {
    await stop(moto?.proc);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const replay = (name, args) => runLogged(work, name, path.join(ROOT, 'scripts/replay-failed-events'), ['--queue-url', dlq, ...args], { env });
  // [visible, in flight] in the failed-events queue
  const waiting = async () => {
    const { Attributes: a } = await aws(env, ['sqs', 'get-queue-attributes', '--queue-url', dlq,
      '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
  };
  let dry;
  let fails;
  let replayed;
  test('the dry run lists the queued event', async (t) => {
    dry = await replay('replay-dry', ['--dry-run']);
    exited(dry, 0, 'replay-failed-events --dry-run');
    const line = dry.out.split('\n').find((l) => l.includes(`waiting: ${NAMED}`));
    assert.ok(line, `dry run: ${tail(dry.out, 3)}`);
    figure(t, line.trim());
  });
  test('the dry run names the message that is not an event', (t) => {
    const line = dry.out.split('\n').find((l) => l.includes('not an IVS event, left in the queue'));
    assert.ok(line, `dry run did not flag the non-event: ${tail(dry.out, 3)}`);
    figure(t, line.trim());
  });
  // right after a dry run both are visible again (a replay may follow at once)
  test('both messages visible again right after the dry run', async (t) => expect(t, await waiting(), [2, 0]));
  test('a replay that cannot send the event exits 1 and says so', async (t) => {
    fails = await replay('replay-fails', ['--to-queue-url', src.replace(/\.fifo$/, '-missing.fifo')]);
    exited(fails, 1, 'replay to a missing queue');
    const line = fails.out.split('\n').find((l) => l.includes('could not re-queue, left in the failed-events queue'));
    assert.ok(line, `replay to a missing queue: ${tail(fails.out, 3)}`);
    figure(t, line.trim());
  });
  test('nothing deleted by it: both messages still waiting, visible again', async (t) => expect(t, await waiting(), [2, 0]));
  test('a replay re-queues the event and exits 1 for the message that is not one', async (t) => {
    replayed = await replay('replay', ['--to-queue-url', src]);
    exited(replayed, 1, 'replay');
    const line = replayed.out.split('\n').find((l) => l.includes(`re-queued: ${NAMED}`));
    assert.ok(line, `replay: ${tail(replayed.out, 3)}`);
    figure(t, line.trim());
  });
  test('the event is in the events queue, in its message group', async (t) => {
    const r = await aws(env, ['sqs', 'receive-message', '--queue-url', src, '--attribute-names', 'All', '--max-number-of-messages', '10',
      '--wait-time-seconds', '1']);
    const body = (m) => { try { return JSON.parse(m.Body); } catch { return m.Body; } };
    const got = (r?.Messages || []).map((m) => ({ group: m.Attributes.MessageGroupId, id: body(m).id }));
    figure(t, got);
    assert.ok(got.some((m) => m.group === 'ivs-events' && m.id === 'rehearsal-1'), `events queue after the replay: ${JSON.stringify(got)}`);
  });
  test('only the non-event is left in the failed-events queue', async (t) => {
    const r = await aws(env, ['sqs', 'receive-message', '--queue-url', dlq, '--max-number-of-messages', '10', '--wait-time-seconds', '1']);
    expect(t, (r?.Messages || []).map((m) => m.Body), ['not an event']);
  });
});

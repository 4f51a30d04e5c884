// The hostile-event corpus (lambda/src/test/resources/events/hostile/corpus.json) against the running platform: every
// event is injected into the events function, and the SSM state document must be byte for byte what it was (same
// value, same parameter version: not even an identical write). The corpus is rendered as lambda's HostileCorpus renders
// it, for the live channel and the current moment ({"$number": "digits"} is written as that exact JSON number:
// JSON.parse would round Long.MAX_VALUE). Used by local/e2e/faults.test.mjs (step 9h) and, for --dry-run,
// local/e2e/hostile-events.mjs. Two routes:
//   invoke  Lambda Invoke (RequestResponse) of the events function with the raw event as payload (what
//           scripts/replay-failed-events does); each answer must say "dropped".
//   sqs     SendMessage to the events queue (FIFO; one message body = one EventBridge event); the queue must drain.
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { aws, ROOT } from './common.mjs';

export const CORPUS = path.join(ROOT, 'lambda/src/test/resources/events/hostile/corpus.json');
export const loadCorpus = (file = CORPUS) => JSON.parse(fs.readFileSync(file, 'utf8'));

// ------------------------------------------------------------ rendering (same rules as lambda's HostileCorpus)
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const alnum = (n) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function values(ctx) {
  const arn = ctx.channelArn.split(':');
  const channelId = arn[5].slice('channel/'.length);
  const t = new Date(ctx.now);
  const datePath = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()].join('/');
  return {
    time: iso(ctx.now - 1000),
    future: iso(ctx.now + 3600_000),
    account: arn[4],
    region: arn[3],
    channelArn: ctx.channelArn,
    channelId,
    bucket: ctx.bucket,
    liveStreamId: ctx.liveStreamId,
    newStreamId: `st-${alnum(23)}`,
    prefix: ctx.prefix,
    datePath,
    newPrefix: `ivs/v1/${arn[4]}/${channelId}/${datePath}/${alnum(12)}`,
  };
}
export function fill(text, ctx) {
  let s = text.replace(/"@@number:([-+.eE0-9]+)@@"/g, '$1');
  for (const [k, v] of Object.entries(values(ctx))) s = s.split(`{{${k}}}`).join(v);
  return s.replace(/\{\{id\}\}/g, () => randomUUID());
}
function expand(v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && '$number' in v) return `@@number:${v.$number}@@`;
  if (v && typeof v === 'object' && !Array.isArray(v) && '$repeat' in v) {
    return v.$array ? Array.from({ length: v.$times }, () => structuredClone(v.$repeat)) : String(v.$repeat).repeat(v.$times);
  }
  return v;
}
function walk(obj, pointer) {
  const parts = pointer.slice(1).split('/');
  const last = parts.pop();
  let parent = obj;
  for (const p of parts) parent = parent[p];
  return [parent, last];
}
export function render(corpus, ctx) {
  return corpus.events.map((e) => {
    if ('raw' in e) return { name: e.name, body: fill(e.raw, ctx) };
    const event = structuredClone(corpus.bases[e.base]);
    for (const [p, v] of Object.entries(e.set ?? {})) {
      const [parent, key] = walk(event, p);
      parent[key] = expand(v);
    }
    for (const p of e.remove ?? []) {
      const [parent, key] = walk(event, p);
      delete parent[key];
    }
    return { name: e.name, body: fill(JSON.stringify(event), ctx) };
  });
}

// The control event: a valid event that changes nothing (Session Created) must be read and ignored, not dropped, so
// the route really reaches the parser with the platform's channel, bucket and clock.
export const controlEvent = (corpus, ctx) => fill(JSON.stringify({
  ...corpus.bases['stream-start'], detail: { event_name: 'Session Created', channel_name: 'onair', stream_id: '{{newStreamId}}' },
}), ctx);

// ------------------------------------------------------------ the platform
// The state document: { value, version }.
export async function stateDoc(env, parameter) {
  const out = await aws(env, ['ssm', 'get-parameter', '--name', parameter]);
  return { value: out.Parameter.Value, version: out.Parameter.Version };
}

// The rendering context for the platform's live state (DOC: the parsed state document).
export const contextFor = (doc, channelArn, bucket) => ({
  now: Date.now(),
  channelArn,
  bucket,
  liveStreamId: doc.streamId ?? `st-${alnum(23)}`,
  prefix: doc.recording?.keyPrefix ?? 'ivs/v1/x',
});

// Invokes the events function (QUALIFIER) with BODY as it is; the function's answer. The payload goes through a file
// in TMP (aws CLI v1: fileb:// sends the bytes as they are).
export async function invoke(env, tmp, fn, qualifier, body, i) {
  const inFile = path.join(tmp, `in-${i}.json`);
  const outFile = path.join(tmp, `out-${i}.json`);
  fs.writeFileSync(inFile, body);
  // a cold start on a loaded machine can outlast the CLI's 60 s default read timeout
  await aws(env, ['lambda', 'invoke', '--cli-read-timeout', '300', '--function-name', fn, '--qualifier', qualifier,
    '--payload', `fileb://${inFile}`, outFile]);
  return fs.readFileSync(outFile, 'utf8');
}

// Sends BODY to the events queue (FIFO) as one message.
export async function enqueue(env, tmp, queueUrl, body, i) {
  const inFile = path.join(tmp, `msg-${i}.json`);
  fs.writeFileSync(inFile, body);
  await aws(env, ['sqs', 'send-message', '--queue-url', queueUrl, '--message-body', `file://${inFile}`,
    '--message-group-id', 'onair-hostile', '--message-deduplication-id', randomUUID()]);
}

// True once the queue has no visible and no in-flight message (polls every second until DEADLINE, epoch ms).
export async function queueDrained(env, queueUrl, deadline) {
  while (Date.now() < deadline) {
    const a = (await aws(env, ['sqs', 'get-queue-attributes', '--queue-url', queueUrl, '--attribute-names',
      'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'])).Attributes;
    if (Number(a.ApproximateNumberOfMessages) === 0 && Number(a.ApproximateNumberOfMessagesNotVisible) === 0) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

// Runs FN over ITEMS with at most N at a time.
export async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

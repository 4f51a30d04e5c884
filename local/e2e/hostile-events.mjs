// The hostile-event corpus against a running platform: every event of
// lambda/src/test/resources/events/hostile/corpus.json is injected into the events function, and the SSM state
// document must be byte for byte what it was (same value, same parameter version: not even an identical write).
// The corpus is rendered as lambda's HostileCorpus renders it, for the live channel and the current moment
// ({"$number": "digits"} is written as that exact JSON number: JSON.parse would round Long.MAX_VALUE).
//
// Usage: node local/e2e/hostile-events.mjs --route invoke|sqs --parameter NAME --channel-arn ARN --bucket NAME
//          (--function NAME [--qualifier live] | --queue-url URL) [--corpus FILE] [--concurrency 3] [--dry-run]
//   --route invoke  Lambda Invoke (RequestResponse) of the events function with the raw event as payload
//                   (what scripts/replay-failed-events does); each answer must say "dropped".
//   --route sqs     SendMessage to the events queue (FIFO; one message body = one EventBridge event); the queue
//                   must drain within --drain-seconds, then the document is compared.
// Needs the aws CLI with the platform's environment (AWS_REGION, AWS_ENDPOINT_URL...). Prints PASS/FAIL lines;
// exits 1 when any check failed.
import { execFile } from 'node:child_process';
import { randomUUID, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: opt } = parseArgs({
  options: {
    route: { type: 'string', default: 'invoke' },
    corpus: { type: 'string', default: join(root, 'lambda/src/test/resources/events/hostile/corpus.json') },
    parameter: { type: 'string' },
    'channel-arn': { type: 'string' },
    bucket: { type: 'string' },
    function: { type: 'string' },
    qualifier: { type: 'string', default: 'live' },
    'queue-url': { type: 'string' },
    concurrency: { type: 'string', default: '3' },
    'drain-seconds': { type: 'string', default: '120' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const need = (k) => {
  if (!opt[k]) {
    console.error(`hostile-events.mjs: --${k} is required (see the header of this file)`);
    process.exit(2);
  }
};
['channel-arn', 'bucket'].forEach(need);
if (!opt['dry-run']) need('parameter');
if (opt['dry-run']) {
  // prints the rendered events (one JSON line each: name, body) without touching any platform
} else if (opt.route === 'invoke') need('function');
else if (opt.route === 'sqs') need('queue-url');
else {
  console.error(`hostile-events.mjs: unknown --route ${opt.route} (invoke or sqs)`);
  process.exit(2);
}

let failed = 0;
const pass = (m) => console.log(`PASS ${m}`);
const fail = (m) => {
  failed++;
  console.log(`FAIL ${m}`);
};
const aws = async (...args) => (await run('aws', args, { maxBuffer: 16 << 20 })).stdout;
const tmp = mkdtempSync(join(tmpdir(), 'onair-hostile-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true })); // on every way out

// ------------------------------------------------------------ rendering (same rules as lambda's HostileCorpus)
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n) => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join('');
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
function fill(text, ctx) {
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
function render(corpus, ctx) {
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

// ------------------------------------------------------------ the platform
async function stateDoc() {
  const out = JSON.parse(await aws('ssm', 'get-parameter', '--name', opt.parameter, '--output', 'json'));
  return { value: out.Parameter.Value, version: out.Parameter.Version };
}

async function invoke(body, i) {
  const inFile = join(tmp, `in-${i}.json`);
  const outFile = join(tmp, `out-${i}.json`);
  writeFileSync(inFile, body);
  // a cold start on a loaded machine can outlast the CLI's 60 s default read timeout
  await aws('lambda', 'invoke', '--cli-read-timeout', '300', '--function-name', opt.function, '--qualifier', opt.qualifier,
    '--payload', `fileb://${inFile}`, outFile, '--output', 'json'); // aws CLI v1: fileb:// sends the bytes as they are
  return readFileSync(outFile, 'utf8');
}

async function enqueue(body, i) {
  const inFile = join(tmp, `msg-${i}.json`);
  writeFileSync(inFile, body);
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL;
  // the aws CLI v1 ignores AWS_ENDPOINT_URL for SQS in us-east-1 (see scripts/lib/release.sh aws_sqs)
  await aws('sqs', 'send-message', ...(endpoint ? ['--endpoint-url', endpoint] : []), '--queue-url', opt['queue-url'],
    '--message-body', `file://${inFile}`, '--message-group-id', 'onair-hostile', '--message-deduplication-id', randomUUID());
}

async function queueDrained(deadline) {
  const endpoint = process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL;
  while (Date.now() < deadline) {
    const a = JSON.parse(await aws('sqs', 'get-queue-attributes', ...(endpoint ? ['--endpoint-url', endpoint] : []),
      '--queue-url', opt['queue-url'], '--attribute-names', 'ApproximateNumberOfMessages',
      'ApproximateNumberOfMessagesNotVisible', '--output', 'json')).Attributes;
    if (Number(a.ApproximateNumberOfMessages) === 0 && Number(a.ApproximateNumberOfMessagesNotVisible) === 0) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

try {
  const corpus = JSON.parse(readFileSync(opt.corpus, 'utf8'));
  if (opt['dry-run']) {
    const ctx = { now: Date.now(), channelArn: opt['channel-arn'], bucket: opt.bucket, liveStreamId: `st-${alnum(23)}`, prefix: 'ivs/v1/x' };
    for (const e of render(corpus, ctx)) console.log(JSON.stringify(e));
    process.exit(0);
  }
  const before = await stateDoc();
  const doc = JSON.parse(before.value);
  const ctx = {
    now: Date.now(),
    channelArn: opt['channel-arn'],
    bucket: opt.bucket,
    liveStreamId: doc.streamId ?? `st-${alnum(23)}`,
    prefix: doc.recording?.keyPrefix ?? `ivs/v1/x`,
  };
  const events = render(corpus, ctx);
  console.log(`INFO ${events.length} hostile events via ${opt.route}; document version ${before.version}, status ${doc.status ?? 'none'}`);
  const t0 = Date.now();
  const notDropped = [];
  if (opt.route === 'invoke') {
    // the control: a valid event that changes nothing (Session Created) must be read and ignored, not dropped,
    // so the route really reaches the parser with the platform's channel, bucket and clock
    const control = fill(JSON.stringify({ ...corpus.bases['stream-start'], detail: { event_name: 'Session Created', channel_name: 'onair', stream_id: '{{newStreamId}}' } }), ctx);
    const answer = await invoke(control, 'control');
    if (answer.includes('"ignored"')) pass('a valid Session Created through the same route is read and ignored');
    else fail(`a valid Session Created through the same route is read and ignored — answer: ${answer.slice(0, 300)}`);
    await pool(events, Number(opt.concurrency), async (e, i) => {
      const answer = await invoke(e.body, i).catch((err) => `invoke failed: ${err.message}`);
      if (!answer.includes('"outcome":"dropped"')) notDropped.push(`${e.name}: ${answer.slice(0, 200)}`);
    });
    if (notDropped.length === 0) pass(`every hostile event answered "dropped" (${events.length} events, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    else fail(`every hostile event answered "dropped" — ${notDropped.length} did not: ${notDropped.join(' | ')}`);
  } else {
    const refused = [];
    await pool(events, Number(opt.concurrency), async (e, i) => {
      // SQS itself refuses bodies over 256 KB and some characters: such an event cannot get in this way
      await enqueue(e.body, i).catch(() => refused.push(e.name));
    });
    console.log(`INFO ${events.length - refused.length} sent, ${refused.length} refused by SQS itself (${refused.join(', ')})`);
    if (await queueDrained(Date.now() + Number(opt['drain-seconds']) * 1000)) pass('the events queue drained (no hostile event retried)');
    else fail(`the events queue drained within ${opt['drain-seconds']} s`);
  }
  const after = await stateDoc();
  if (after.value === before.value && after.version === before.version) {
    pass(`the state document is byte for byte unchanged (version ${after.version}, ${before.value.length} bytes)`);
  } else {
    fail(`the state document is byte for byte unchanged — version ${before.version} -> ${after.version}; now ${after.value.slice(0, 300)}`);
  }
} catch (err) {
  fail(`hostile-events run: ${err.message}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

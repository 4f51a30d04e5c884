// The end-to-end test's broadcast (scripts/e2e steps 2 to 7c), against the running local platform with real parts:
//   2   the stream key Terraform stored in Secrets Manager is the channel's key (read with the command Terraform prints)
//   3   ffmpeg pushes a test pattern to the IVS emulator's ingest: the status API through the edge says live; PutEvents
//       with source aws.ivs is refused; the IVS events reach the events function through the FIFO queue
//   4   headless Chromium plays live, then 45 s back into the recording, then LIVE (local/e2e/viewer.mjs, in the
//       background until the push stops)
//   5   the recording in the recordings bucket has IVS's layout; thumbnails through the edge are JPEGs
//   6   a push with a wrong key is refused, the live stream untouched
//   7   the push stops: the API and the page say offline
//   7b  the broadcast becomes a replay (local/e2e/replays.mjs)       7c  chapters (local/e2e/chapters.mjs, own push)
// Run by local/e2e/e2e.mjs (scripts/e2e), or alone against a platform that is up and idle:
//   ONAIR_STATE_DIR=.local/e2e node --test --test-reporter=./local/e2e/lib/e2e-reporter.mjs \
//     --test-reporter-destination=stdout local/e2e/broadcast.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  aws, expect, figure, ROOT, run, sleep, start, stop,
} from './lib/common.mjs';
import {
  api, lastLines, PUSH_ARGS, startPush, stopPush, streamKey, waitApi,
} from './lib/platform.mjs';
import { lineChecks, runProgram } from './lib/programs.mjs';
import {
  artifacts, env, out, shared,
} from './lib/scenario.mjs';

const STEP = { timeout: 300_000 }; // every check is bounded; this bounds the check as a whole
const channelArn = out('channel_arn');
const viewerLog = path.join(artifacts, 'viewer.log');
const marker = path.join(artifacts, '.push-stopped');
let key = '';
let push = null;
let viewer = null;
let live = null; // the live document of step 3

after(async () => {
  await stopPush(push);
  if (viewer) await stop(viewer);
});

// ---------------------------------------------------------------------------------------------------------- 2
describe('2. The stream key Terraform stored in Secrets Manager', () => {
  test("stream key from Secrets Manager is the channel's key", STEP, async (t) => {
    key = await streamKey(out, env).catch(() => '');
    let ivsKey = '';
    try {
      const keys = await aws(env, ['ivs', 'list-stream-keys', '--channel-arn', channelArn]);
      ivsKey = (await aws(env, ['ivs', 'get-stream-key', '--arn', keys.streamKeys[0].arn])).streamKey.value;
    } catch { /* compared below */ }
    assert.ok(key !== '' && key === ivsKey, `secret='${key.slice(0, 12)}…' ivs='${ivsKey.slice(0, 12)}…'`);
    figure(t, `${key.slice(0, 12)}…`);
  });
});

// ---------------------------------------------------------------------------------------------------------- 3
describe(`3. Push a test pattern with ffmpeg (426x240, ultrafast) to ${env.ONAIR_RTMP_URL}<key>`, () => {
  test('status API says live', STEP, async (t) => {
    shared.pushStartedMs = Date.now();
    push = startPush(env, artifacts, key, 'push-1');
    const r = await waitApi(env, artifacts, (d) => d.status === 'live', 30);
    live = r.doc ?? r.lastDoc;
    shared.stream1 = live?.streamId ?? '';
    assert.ok(r.ok, `last answer: ${r.last}`);
    figure(t, `${r.secs} s after the push started`);
  });

  // EventBridge refuses PutEvents entries whose Source begins with "aws." (entry ErrorCode
  // NotAuthorizedForSourceException, botocore events PutEventsResultEntry): through the gateway with the aws CLI, a
  // forged Stream End of some other stream must come back failed and change nothing
  test('PutEvents with source aws.ivs is refused (NotAuthorizedForSourceException)', STEP, async (t) => {
    const entries = [{
      Source: 'aws.ivs',
      DetailType: 'IVS Stream State Change',
      Detail: JSON.stringify({ event_name: 'Stream End', channel_name: 'onair', stream_id: 'st-e2eForgedByPutEvents' }),
      Resources: [channelArn],
    }];
    let answer;
    try {
      const r = await aws(env, ['events', 'put-events', '--entries', JSON.stringify(entries)]);
      answer = `${r.FailedEntryCount} ${r.Entries?.[0]?.ErrorCode}`;
    } catch (e) {
      answer = e.message;
    }
    expect(t, answer, '1 NotAuthorizedForSourceException');
  });

  // the IVS events went EventBridge -> the events FIFO queue -> the event source mapping -> the events function
  test('IVS events reach the events function through the FIFO queue (no reserved concurrency)', STEP, async (t) => {
    const log = path.join(env.ONAIR_CLOUD_WORK_DIR || '', 'event-source-mappings.log');
    const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    const line = text.split('\n').find((l) => /queue=[^ ]*-events\.fifo .* ok, [1-9]/.test(l));
    assert.ok(line, `no delivery from the events queue in ${log}`);
    figure(t, line.trim());
  });

  test('live document follows the contract (streamId st-…, local playback URL, dvr, not stale)', STEP, (t) => {
    const d = live ?? {};
    const ok = String(d.streamId).startsWith('st-') && String(d.playbackUrl).startsWith(env.ONAIR_PLAYBACK_ORIGIN)
      && d.stale === false && d.since != null;
    assert.ok(ok, JSON.stringify(d));
    figure(t, `${d.streamId}, ${d.playbackUrl}`);
  });
});

// ---------------------------------------------------------------------------------------------------------- 4
describe(`4. Headless Chromium on ${env.ONAIR_EDGE_URL} (live, then 45 s back into the recording, then LIVE)`, () => {
  // the browser runs in the background until step 7 stops the push (it waits for the marker file); its checks are
  // counted in step 7, once it has finished
  before(async () => {
    fs.rmSync(marker, { force: true });
    viewer = start('node', [path.join(ROOT, 'local/e2e/viewer.mjs'), '--url', env.ONAIR_EDGE_URL, '--artifacts', artifacts,
      '--push-started-ms', String(shared.pushStartedMs), '--stop-marker', marker], viewerLog, { env });
    for (let i = 0; i < 300; i++) {
      const text = fs.existsSync(viewerLog) ? fs.readFileSync(viewerLog, 'utf8') : '';
      if (/^PHASE live-done/m.test(text) || viewer.exitCode !== null || viewer.signalCode !== null) break;
      await sleep(1000);
    }
    const text = fs.existsSync(viewerLog) ? fs.readFileSync(viewerLog, 'utf8') : '';
    for (const l of text.split('\n').filter((x) => /^(PASS|FAIL|INFO)/.test(x))) console.log(`    browser: ${l}`);
  });
});

// thumbnailUrl must name a thumbnail that exists (issue 11): the newest SEQUENTIAL media/thumbnails/thumb<N>.jpg the
// status function finds in the recordings bucket. Fetched through the edge it must be a JPEG (magic FF D8 FF). IVS
// writes one every thumbnail interval (30 s here), so the first one takes a while after going live.
async function thumbnail(t, when, status) {
  const r = await waitApi(env, artifacts, (d) => d.status === status && d.thumbnailUrl != null, 150);
  assert.ok(r.ok, `the status API names none; last answer: ${r.last}`);
  const url = r.doc.thumbnailUrl;
  let code = 0;
  let body = Buffer.alloc(0);
  try {
    const res = await fetch(`${env.ONAIR_EDGE_URL}${url.replace(/^\//, '')}`, { signal: AbortSignal.timeout(15000) });
    code = res.status;
    body = Buffer.from(await res.arrayBuffer());
  } catch { /* code 0 */ }
  fs.writeFileSync(path.join(artifacts, `thumbnail-${when.replace(/ /g, '-')}.jpg`), body);
  const magic = body.subarray(0, 3).toString('hex');
  assert.ok(code === 200 && magic === 'ffd8ff' && /^\/ivs\/v1\/.+\/media\/thumbnails\/thumb[0-9]+\.jpg$/.test(url),
    `${url}: HTTP ${code}, first bytes '${magic}'`);
  figure(t, `${url} (named after ${r.secs} s, ${body.length} bytes)`);
  return r.doc;
}

// ---------------------------------------------------------------------------------------------------------- 5
describe('5. Recording objects in the recordings bucket (IVS layout)', () => {
  const bucket = out('recordings_bucket');
  let keys = [];
  let playbackUrl = '';
  const has = (t, re) => {
    const k = keys.find((x) => re.test(x));
    assert.ok(k, `no key matches ${re} among ${keys.length} under s3://${bucket}/ivs/v1/`);
    figure(t, k);
  };

  // the thumbnail check waits until the API names one (IVS writes the first after its interval), so list after it
  test('thumbnail while live through the edge is a JPEG', STEP, async (t) => {
    playbackUrl = (await thumbnail(t, 'while live', 'live')).playbackUrl;
  });
  test('recording master playlist under ivs/v1/<account>/<channel>/…/media/hls/master.m3u8', STEP, async (t) => {
    const objects = (await aws(env, ['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'ivs/v1/']).catch(() => null))?.Contents ?? [];
    keys = objects.map((o) => o.Key);
    has(t, /^ivs\/v1\/[0-9]+\/[^/]+\/.*\/media\/hls\/master\.m3u8$/);
    // IVS timing: the recorded master appears ~50 s after going live
    const master = objects.find((o) => /\/media\/hls\/master\.m3u8$/.test(o.Key));
    console.log(`    recorded master written ${Math.round((Date.parse(master.LastModified) - shared.pushStartedMs) / 1000)} s after the push started`);
  });
  test('recording-started.json written', STEP, (t) => has(t, /events\/recording-started\.json$/));

  // IVS as AWS documents it (local/ivs/README.md): the live master offers the source rendition (the 426x240 push,
  // copied) with CODECS naming video and audio; the recording has the byte-range playlists and the SEQUENTIAL
  // thumbnails (the default storage, all the hashicorp/aws provider can configure).
  test('live master offers the source rendition 426x240 with video+audio CODECS', STEP, async (t) => {
    let master = '';
    try {
      master = await (await fetch(playbackUrl || live?.playbackUrl, { signal: AbortSignal.timeout(10000) })).text();
    } catch { /* empty */ }
    const line = master.split('\n').find((l) => /RESOLUTION=426x240,CODECS="avc1\.[0-9A-F]{6},mp4a\.40\.2"/.test(l));
    assert.ok(line, `master playlist: ${master.slice(0, 300)}`);
    figure(t, line.trim());
  });
  test('recording has media/hls/byte-range-multivariant.m3u8', STEP, (t) => has(t, /media\/hls\/byte-range-multivariant\.m3u8$/));
  test('recording has per-rendition byte-range-variant.m3u8', STEP, (t) => has(t, /media\/hls\/[0-9]+p[0-9]+\/byte-range-variant\.m3u8$/));
  test('recording has media/thumbnails/thumb0.jpg (storage SEQUENTIAL)', STEP, (t) => has(t, /media\/thumbnails\/thumb0\.jpg$/));
});

// ---------------------------------------------------------------------------------------------------------- 6
describe('6. A push with a wrong key is refused', () => {
  test('wrong key refused by the ingest', STEP, async (t) => {
    const r = await run('timeout', ['--foreground', '30', 'ffmpeg', ...PUSH_ARGS, '-t', '5', '-f', 'flv',
      `${env.ONAIR_RTMP_URL}sk_${env.AWS_REGION}_wrongWrongWrong`], { env });
    const text = r.stdout + r.stderr;
    fs.writeFileSync(path.join(artifacts, 'push-wrong-key.log'), text);
    assert.ok(r.code !== 0, 'ffmpeg pushed 5 s without error');
    figure(t, `ffmpeg: ${lastLines(text, 1)}`);
  });
  test('the live stream is untouched by the refused push', STEP, async (t) => {
    const { doc } = await api(env, artifacts);
    expect(t, `${doc?.status}/${doc?.streamId}`, `live/${shared.stream1}`);
  });
});

// ---------------------------------------------------------------------------------------------------------- 7
describe('7. Stop the push', () => {
  test('status API says idle after the push stops', STEP, async (t) => {
    await stopPush(push);
    fs.writeFileSync(marker, '');
    const r = await waitApi(env, artifacts, (d) => d.status === 'idle' && d.lastLiveAt != null, 60);
    assert.ok(r.ok, `last answer: ${r.last}`);
    figure(t, `${r.secs} s`);
  });
  test('thumbnail after the end through the edge is a JPEG', STEP, (t) => thumbnail(t, 'after the end', 'idle'));
  test('browser', { timeout: 600_000 }, async (t) => {
    if (viewer && viewer.exitCode === null && viewer.signalCode === null) {
      const done = new Promise((r) => viewer.once('exit', r));
      const bound = sleep(540_000).then(() => stop(viewer)); // the viewer bounds its own waits; this bounds it too
      await Promise.race([done, bound]);
    }
    const text = fs.existsSync(viewerLog) ? fs.readFileSync(viewerLog, 'utf8') : '';
    await lineChecks(t, text, {
      prefix: 'browser: ', finished: /^(PASS the page shows offline|FAIL )/, finishedName: 'browser session finished', log: viewerLog,
    });
  });
});

// --------------------------------------------------------------------------------------------------------- 7b
// Issue 12, part 1 (local/e2e/replays.mjs): the broadcast that just ended becomes a replay (after IVS's Recording End,
// which follows the reconnect window): listed by GET /api/recordings through the edge and on the page, and it plays at
// #/replay/<id> with a seek into its middle.
describe('7b. Replays: the broadcast just ended is listed and plays', () => {
  test('replays', { timeout: 1_000_000 }, async (t) => {
    const r = await runProgram(env, artifacts, 'replays.log', 'node', [path.join(ROOT, 'local/e2e/replays.mjs'),
      '--url', env.ONAIR_EDGE_URL, '--artifacts', artifacts, '--push-started-ms', String(shared.pushStartedMs)]);
    await lineChecks(t, r.text, { prefix: 'replays: ', finishedName: 'replays: result lines', log: r.log });
  });
});

// --------------------------------------------------------------------------------------------------------- 7c
// Issue 13, part 4 (local/e2e/chapters.mjs, its own push): scripts/chapter while offline says ChannelNotBroadcasting and
// stores nothing; during a push a chapter reaches the live page as IVS timed metadata, is a marker on the rewind bar
// and plays the recording from its moment; after the push the replay has it and plays from it.
describe('7c. Chapters: scripts/chapter offline and during a push; the rewind bar and the replay', () => {
  test('chapters', { timeout: 1_000_000 }, async (t) => {
    const r = await runProgram(env, artifacts, 'chapters.log', 'node', [path.join(ROOT, 'local/e2e/chapters.mjs'),
      '--url', env.ONAIR_EDGE_URL, '--rtmp', `${env.ONAIR_RTMP_URL}${key}`, '--artifacts', artifacts], 900);
    await lineChecks(t, r.text, { finishedName: 'chapters: result lines', log: r.log });
  });
});

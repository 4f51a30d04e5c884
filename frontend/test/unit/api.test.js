import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StatusClient, checkStatusDoc } from '../../src/api.js';

const apiDir = fileURLToPath(new URL('../../../lambda/api/', import.meta.url));
const schema = JSON.parse(readFileSync(apiDir + 'stream-status.schema.json', 'utf8'));
const examples = Object.fromEntries(
  readdirSync(apiDir + 'examples')
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(apiDir + 'examples/' + f, 'utf8'))]),
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the status contract', () => {
  it('has examples, all valid against the schema and accepted by the page', () => {
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(3);
    for (const [name, doc] of Object.entries(examples)) {
      expect(validate(doc), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(checkStatusDoc(doc)).toBe(doc);
    }
  });

  const live = examples['live.json'];
  const broken = {
    'unknown status': { ...live, status: 'starting' },
    'dvr outside /ivs/v1': { ...live, dvr: { ...live.dvr, playlistUrl: 'https://elsewhere/x.m3u8' } },
    'negative window': { ...live, dvr: { ...live.dvr, windowSeconds: -1 } },
    'stale not boolean': { ...live, stale: 'no' },
    'bad date': { ...live, lastLiveAt: 'yesterday' },
    // what a hostile event could have made the function emit before its events were validated
    'since in 2999': { ...live, since: '2999-01-01T00:00:00Z' },
    'since at the end of JavaScript time': { ...live, since: '+275760-09-13T00:00:00.000Z' },
    'a date with an offset instead of UTC': { ...live, since: '2026-01-01T12:00:00+14:00' },
    'updatedAt in 1970': { ...live, updatedAt: '1970-01-01T00:00:00Z' },
    'dvr.startedAt in 2999': { ...live, dvr: { ...live.dvr, startedAt: '2999-12-31T23:59:59Z' } },
    'a stream id with markup': { ...live, streamId: 'st-<script>alert(1)</script>' },
    'a 1000-character stream id': { ...live, streamId: 'st-' + 'a'.repeat(997) },
    'a stream id without st-': { ...live, streamId: 'xx-1A2b3c4D5e6F78ghij9Klmn' },
    'a thumbnail on another host (backslash)': { ...live, thumbnailUrl: '/\\evil.example/x/media/thumbnails/latest/thumb.jpg' },
    'a thumbnail on another host (//)': { ...live, thumbnailUrl: '//evil.example/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/thumb.jpg' },
    'a thumbnail with dot segments': { ...live, thumbnailUrl: '/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/../../../../x.jpg' },
    'a thumbnail URL with a scheme': { ...live, thumbnailUrl: 'https://evil.example/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/x/media/t.jpg' },
    'a playlist with dot segments': { ...live, dvr: { ...live.dvr, playlistUrl: '/ivs/v1/123456789012/AbCdEf/../../../evil/media/hls/master.m3u8' } },
    'a playlist with a zero-padded date': { ...live, dvr: { ...live.dvr, playlistUrl: '/ivs/v1/123456789012/AbCdEf/2026/01/01/12/00/j8Z9O91ndcVs/media/hls/master.m3u8' } },
    'a javascript: playback URL': { ...live, playbackUrl: 'javascript:alert(1)//x' },
    'a failure reason with control characters': { ...live, failureReason: 'bad\u001b[31m\nforged' },
    'a 10 KB failure reason': { ...live, failureReason: 'r'.repeat(10000) },
    // the channel's info (scripts/channel): plain text within the contract's lengths, a UTC time in whole seconds
    'a title with markup': { ...live, title: '<script>alert(1)</script>' },
    'a blank title': { ...live, title: '   ' },
    'a 101-character title': { ...live, title: 't'.repeat(101) },
    'a title with a line break': { ...live, title: 'two\nlines' },
    'a description with an escape sequence': { ...live, description: 'x\u001b[31m' },
    'a 501-character description': { ...live, description: 'd'.repeat(501) },
    'a next stream time with an offset': { ...live, nextStreamAt: '2026-12-24T18:00:00+01:00' },
    'a next stream time with fractions': { ...live, nextStreamAt: '2026-12-24T18:00:00.5Z' },
    'a next stream time that is no time': { ...live, nextStreamAt: 'soon' },
  };
  for (const [name, doc] of Object.entries(broken)) {
    it(`refuses a document with ${name} (and so does the schema)`, () => {
      expect(() => checkStatusDoc(doc)).toThrow(/status document: invalid/);
      expect(validate(doc)).toBe(false);
    });
  }
  it('refuses live without a playback URL (the schema allows it; the page cannot play it)', () => {
    expect(() => checkStatusDoc({ ...live, playbackUrl: null })).toThrow('invalid playbackUrl (live without a URL)');
  });
  it('refuses non-objects', () => {
    for (const bad of [null, [], 'live', 42]) expect(() => checkStatusDoc(bad)).toThrow(/invalid body/);
  });
});

function response(status, body, headers = {}) {
  return new Response(status === 304 ? null : JSON.stringify(body), { status, headers });
}

describe('StatusClient', () => {
  it('sends If-None-Match after the first answer and reuses the document on 304', async () => {
    const seen = [];
    const answers = [response(200, examples['idle.json'], { ETag: '"v1"' }), response(304)];
    const client = new StatusClient({
      fetchImpl: async (url, init) => {
        seen.push(init.headers['If-None-Match'] ?? null);
        return answers.shift();
      },
    });
    const a = await client.fetch();
    expect(a).toEqual({ doc: examples['idle.json'], changed: true });
    const b = await client.fetch();
    expect(b).toEqual({ doc: examples['idle.json'], changed: false });
    expect(seen).toEqual([null, '"v1"']);
  });
  it('rejects HTTP errors and bad bodies with a clear message', async () => {
    const c1 = new StatusClient({ fetchImpl: async () => response(502, { message: 'bad gateway' }) });
    await expect(c1.fetch()).rejects.toThrow('status API answered HTTP 502');
    const c2 = new StatusClient({ fetchImpl: async () => response(200, { status: 'maybe' }) });
    await expect(c2.fetch()).rejects.toThrow('status document: invalid status');
  });
  it('gives up on a hanging request after the timeout', async () => {
    const client = new StatusClient({
      timeoutMs: 50,
      fetchImpl: (url, init) =>
        new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    });
    await expect(client.fetch()).rejects.toThrow('aborted');
  });
});

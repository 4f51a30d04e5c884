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

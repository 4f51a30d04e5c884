import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RecordingsClient, checkRecordingsDoc, describeDuration, justEnded, replayRoute } from '../../src/recordings-api.js';

const apiDir = fileURLToPath(new URL('../../../lambda/api/', import.meta.url));
const schema = JSON.parse(readFileSync(apiDir + 'recordings.schema.json', 'utf8'));
const examples = Object.fromEntries(
  readdirSync(apiDir + 'examples/recordings')
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(apiDir + 'examples/recordings/' + f, 'utf8'))]),
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the recordings contract', () => {
  it('has examples, all valid against the schema and accepted by the page', () => {
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(3);
    for (const [name, doc] of Object.entries(examples)) {
      expect(validate(doc), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(checkRecordingsDoc(doc)).toBe(doc);
    }
  });

  const page = examples['first-page.json'];
  const item = page.recordings[0];
  const withItem = (change) => ({ ...page, recordings: [{ ...item, ...change }] });
  const broken = {
    'a playlist on another host': withItem({ playlistUrl: 'https://evil.example/ivs/v1/x/media/hls/master.m3u8' }),
    'a protocol-relative thumbnail': withItem({ thumbnailUrl: '//evil.example' + item.thumbnailUrl }),
    'a dot segment in the playlist': withItem({ playlistUrl: item.playlistUrl.replace('/media/', '/../../media/') }),
    'an id with a slash': withItem({ id: '../x' }),
    'a date with an offset': withItem({ startedAt: '2026-01-02T18:30:04+01:00' }),
    'a negative duration': withItem({ durationSeconds: -1 }),
    'a fractional duration': withItem({ durationSeconds: 1.5 }),
    'a title with control characters': withItem({ title: 'a\u001b[31mb' }),
    'a title over 200 characters': withItem({ title: 't'.repeat(201) }),
    'an unknown item field': withItem({ status: 'failed' }),
    'a cursor with spaces': { ...page, next: 'a b' },
    'no next': { recordings: page.recordings },
  };
  for (const [name, doc] of Object.entries(broken)) {
    it(`refuses ${name} (and so does the schema)`, () => {
      expect(validate(doc)).toBe(false);
      expect(() => checkRecordingsDoc(doc)).toThrow(/recordings document/);
    });
  }
});

describe('the recordings client', () => {
  const pages = {
    '/api/recordings': { recordings: [{ ...examples['first-page.json'].recordings[0] }], next: 'Q1' },
    '/api/recordings?cursor=Q1': { recordings: [{ ...examples['first-page.json'].recordings[1] }], next: null },
  };
  const fetchImpl = async (url) => ({ ok: pages[url] !== undefined, status: pages[url] ? 200 : 400, json: async () => pages[url] });

  it('pages with the cursor and finds a recording on a later page', async () => {
    const c = new RecordingsClient({ fetchImpl });
    expect((await c.page()).next).toBe('Q1');
    expect((await c.find('j8Z9O91ndcVs')).id).toBe('j8Z9O91ndcVs');
    expect(await c.find('nothere')).toBe(null);
  });

  it('rejects HTTP errors and bad documents', async () => {
    await expect(new RecordingsClient({ fetchImpl: async () => ({ ok: false, status: 503 }) }).page()).rejects.toThrow(/503/);
    await expect(new RecordingsClient({ fetchImpl: async () => ({ ok: true, json: async () => ({ recordings: 'x', next: null }) }) }).page()).rejects.toThrow(/recordings/);
  });
});

describe('replay helpers', () => {
  it('reads only well-formed replay addresses', () => {
    expect(replayRoute('#/replay/j8Z9O91ndcVs')).toBe('j8Z9O91ndcVs');
    expect(replayRoute('#/replay/../x')).toBe(null);
    expect(replayRoute('#/replay/')).toBe(null);
    expect(replayRoute('#/')).toBe(null);
  });

  it('finds the recording of the stream that just ended', () => {
    const recs = examples['first-page.json'].recordings;
    expect(justEnded(recs, '2026-01-02T19:45:30Z').id).toBe('k3Lm4No5Pq6R');
    expect(justEnded(recs, '2026-01-01T14:00:20Z').id).toBe('j8Z9O91ndcVs');
    expect(justEnded(recs, '2026-01-03T10:00:00Z')).toBe(null);
    expect(justEnded(recs, null)).toBe(null);
  });

  it('describes durations', () => {
    expect(describeDuration(4536)).toBe('1 h 15 min');
    expect(describeDuration(720)).toBe('12 min');
    expect(describeDuration(40)).toBe('40 s');
  });
});

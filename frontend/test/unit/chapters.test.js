import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  MAX_CHAPTERS, chapterFromCue, chaptersOf, fetchChapters, fractionOf, id3TextValues, merge, validChapter,
} from '../../src/chapters.js';
import { checkStatusDoc } from '../../src/api.js';
import { checkRecordingsDoc } from '../../src/recordings-api.js';

const apiDir = fileURLToPath(new URL('../../../lambda/api/', import.meta.url));
const read = (f) => JSON.parse(readFileSync(apiDir + f, 'utf8'));
const schema = read('chapters.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema);
const validateDoc = ajv.getSchema(schema.$id);
const validateCue = ajv.getSchema(`${schema.$id}#/$defs/cue`);

/** An ID3v2.4 tag with one TXXX frame, byte for byte as the IVS emulator writes it (TimedMetadata.id3). */
function id3v24(text, { description = '', encoding = 3 } = {}) {
  const enc = encoding === 3 ? new TextEncoder() : null;
  const desc = enc ? enc.encode(description) : new Uint8Array();
  const value = enc ? enc.encode(text) : Uint8Array.from(text, (c) => c.charCodeAt(0));
  const body = [encoding, ...desc, 0, ...value];
  const ss = (n) => [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
  return Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, ...ss(10 + body.length), 0x54, 0x58, 0x58, 0x58, ...ss(body.length), 0, 0, ...body]);
}

describe('the chapters contract (lambda/api/chapters.schema.json)', () => {
  it('its examples validate and the page reads them', () => {
    const doc = read('examples/chapters/chapters.json');
    expect(validateDoc(doc), ajv.errorsText(validateDoc.errors)).toBe(true);
    expect(chaptersOf(doc).map((c) => c.title)).toEqual(doc.chapters.map((c) => c.title));
    expect(validateDoc(read('examples/chapters/none.json'))).toBe(true);
    expect(chaptersOf(read('examples/chapters/none.json'))).toEqual([]);
    const cue = read('examples/chapters/cue.json');
    expect(validateCue(cue), ajv.errorsText(validateCue.errors)).toBe(true);
    expect(chapterFromCue(JSON.stringify(cue))).toMatchObject({ title: cue.title, at: cue.at });
  });

  it('the page accepts a chapter exactly when the schema does', () => {
    const at = '2026-01-01T12:00:20.125Z';
    const cases = [
      { title: 'Q&A', at }, { title: '🎥'.repeat(100), at }, { title: '🎥'.repeat(101), at }, { title: '', at },
      { title: '   ', at }, { title: '<b>x</b>', at }, { title: 'a\nb', at }, { title: 'c1\u0085', at },
      { title: 'ok', at: '2026-01-01T12:00:20Z' }, { title: 'ok', at: '2026-01-01T13:00:20.125+01:00' },
      { title: 'ok', at: '2026-13-01T12:00:20.125Z' }, { title: 42, at },
    ];
    for (const c of cases) {
      const bySchema = validateDoc({ version: 1, chapters: [c] });
      expect(validChapter(c) !== null, JSON.stringify(c)).toBe(bySchema);
    }
  });

  it('the status and recordings examples name chaptersUrl, and the page refuses one pointing elsewhere', () => {
    const live = read('examples/live.json');
    expect(checkStatusDoc(live).dvr.chaptersUrl).toMatch(/\/onair\/chapters\.json$/);
    const { chaptersUrl: _, ...olderDvr } = live.dvr;
    expect(() => checkStatusDoc({ ...live, dvr: olderDvr })).not.toThrow(); // a function from before chapters
    for (const bad of ['https://evil.example/x/onair/chapters.json', '//evil.example/onair/chapters.json',
      live.dvr.chaptersUrl.replace('/onair/', '/../onair/'), live.dvr.playlistUrl]) {
      expect(() => checkStatusDoc({ ...live, dvr: { ...live.dvr, chaptersUrl: bad } }), bad).toThrow(/dvr.chaptersUrl/);
    }
    const page = read('examples/recordings/first-page.json');
    expect(checkRecordingsDoc(page)).toBe(page);
    const item = page.recordings[0];
    expect(() => checkRecordingsDoc({ ...page, recordings: [{ ...item, chaptersUrl: 'https://evil.example/c.json' }] }))
      .toThrow(/chaptersUrl/);
  });
});

describe('timed metadata', () => {
  it('reads the TXXX text of an ID3v2.4 tag as IVS carries PutMetadata, and the chapter in it', () => {
    const text = '{"type":"onair.chapter","title":"Q&A — ünï","at":"2026-12-02T10:00:01.500Z"}';
    expect(id3TextValues(id3v24(text))).toEqual([text]);
    expect(chapterFromCue(id3TextValues(id3v24(text))[0])).toMatchObject({ title: 'Q&A — ünï', atMs: Date.parse('2026-12-02T10:00:01.500Z') });
    // a description before the value, latin-1, two tags back to back
    expect(id3TextValues(id3v24('v', { description: 'desc' }))).toEqual(['v']);
    expect(id3TextValues(id3v24('caf\u00e9', { encoding: 0 }))).toEqual(['café']);
    const two = new Uint8Array([...id3v24('a'), ...id3v24('b')]);
    expect(id3TextValues(two)).toEqual(['a', 'b']);
    expect(id3TextValues(new Uint8Array([1, 2, 3]))).toEqual([]);
  });

  it('ignores metadata that is not a valid chapter', () => {
    expect(chapterFromCue('{"question":"Who wins?"}')).toBeNull();
    expect(chapterFromCue('not json')).toBeNull();
    expect(chapterFromCue('{"type":"onair.chapter","title":"<img src=x onerror=alert(1)>","at":"2026-12-02T10:00:01.500Z"}')).toBeNull();
    expect(chapterFromCue(undefined)).toBeNull();
  });
});

describe('chapters on a timeline', () => {
  const c = (title, at) => validChapter({ title, at });
  it('merges without duplicates, oldest first, at most 100', () => {
    const a = [c('Intro', '2026-12-02T10:00:00.000Z')];
    const b = [c('Q&A', '2026-12-02T10:30:00.000Z'), c('Intro', '2026-12-02T10:00:00.000Z'), c('Early', '2026-12-02T09:59:00.000Z')];
    expect(merge(a, b).map((x) => x.title)).toEqual(['Early', 'Intro', 'Q&A']);
    const many = Array.from({ length: 150 }, (_, i) => c(`c${i}`, new Date(Date.UTC(2026, 11, 2, 10, 0, i)).toISOString()));
    expect(merge([], many)).toHaveLength(MAX_CHAPTERS);
  });

  it('places a chapter by its time within the window, and not at all outside it', () => {
    const start = Date.parse('2026-12-02T10:00:00.000Z');
    const end = start + 600_000;
    expect(fractionOf(c('x', '2026-12-02T10:05:00.000Z'), start, end)).toBeCloseTo(0.5);
    expect(fractionOf(c('x', '2026-12-02T09:59:00.000Z'), start, end)).toBeNull();
    expect(fractionOf(c('x', '2026-12-02T10:11:00.000Z'), start, end)).toBeNull();
    expect(fractionOf(c('x', '2026-12-02T10:05:00.000Z'), start, start)).toBeNull();
  });

  it('fetches a document and treats a missing one (the CDN answers 404) or a broken one as none', async () => {
    const doc = read('examples/chapters/chapters.json');
    const ok = async () => ({ ok: true, json: async () => doc });
    expect((await fetchChapters('/x', ok)).length).toBe(2);
    expect(await fetchChapters('/x', async () => ({ ok: false, status: 404 }))).toEqual([]);
    expect(await fetchChapters('/x', async () => ({ ok: true, json: async () => { throw new SyntaxError('html'); } }))).toEqual([]);
    expect(await fetchChapters('/x', async () => { throw new TypeError('offline'); })).toEqual([]);
    expect(await fetchChapters(null, ok)).toEqual([]);
  });
});

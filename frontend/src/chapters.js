// Chapters (scripts/chapter): moments of a broadcast with a title, shown as markers on the rewind bar (live DVR) and
// on the replay's chapter strip, and as a list of buttons a viewer can jump to with the mouse, a tap or the keyboard.
// Two sources, one shape ({title, at}: lambda/api/chapters.schema.json):
//   - the broadcast's chapters document (dvr.chaptersUrl / recordings[].chaptersUrl), read when the page loads;
//   - IVS timed metadata while watching live: PutMetadata's payload arrives in the stream as an ID3 TXXX frame
//     (hls.js: FRAG_PARSING_METADATA with the tag bytes; IVS player: TEXT_METADATA_CUE with its text).
// Everything read is checked against the contract's rules and shown as text only (never HTML).

export const CUE_TYPE = 'onair.chapter';
export const MAX_CHAPTERS = 100;
const TITLE_MAX = 100;
// the contract's title pattern: no control characters, no < or >, at least one non-space
const TITLE_RE = /^[^\u0000-\u001f\u007f-\u009f<>]*[^\s\u0000-\u001f\u007f-\u009f<>][^\u0000-\u001f\u007f-\u009f<>]*$/u;
const AT_RE = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z$/;

/** A chapter {title, at, atMs} from anything, or null when it breaks the contract. */
export function validChapter(c) {
  if (!c || typeof c !== 'object' || typeof c.title !== 'string' || typeof c.at !== 'string') return null;
  if ([...c.title].length > TITLE_MAX || !TITLE_RE.test(c.title) || !AT_RE.test(c.at)) return null;
  const atMs = Date.parse(c.at);
  return Number.isFinite(atMs) ? { title: c.title, at: c.at, atMs } : null;
}

/** The chapters of a stored document, oldest first (invalid entries left out). */
export function chaptersOf(doc) {
  if (!doc || typeof doc !== 'object' || doc.version !== 1 || !Array.isArray(doc.chapters)) return [];
  return merge([], doc.chapters.map(validChapter).filter(Boolean));
}

/** a ∪ b by time and title, oldest first, at most MAX_CHAPTERS. */
export function merge(a, b) {
  const seen = new Map();
  for (const c of [...a, ...b]) seen.set(`${c.at}\u0000${c.title}`, c);
  return [...seen.values()].sort((x, y) => x.atMs - y.atMs).slice(0, MAX_CHAPTERS);
}

/** The chapter a timed-metadata text carries (PutMetadata's payload), or null for any other metadata. */
export function chapterFromCue(text) {
  if (typeof text !== 'string' || text.length > 4096) return null;
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  return v && v.type === CUE_TYPE ? validChapter(v) : null;
}

const syncsafe = (b, i) => ((b[i] & 0x7f) << 21) | ((b[i + 1] & 0x7f) << 14) | ((b[i + 2] & 0x7f) << 7) | (b[i + 3] & 0x7f);

function decodeText(encoding, bytes) {
  const label = encoding === 1 ? 'utf-16' : encoding === 2 ? 'utf-16be' : encoding === 3 ? 'utf-8' : 'latin1';
  return new TextDecoder(label).decode(bytes);
}

/**
 * The TXXX values of an ID3v2.3/2.4 tag (id3.org: "ID3 tag version 2.4.0 - Native Frames" 4.2.6; frame sizes are
 * synchsafe in 2.4, plain in 2.3). IVS carries PutMetadata's text in the stream this way.
 */
export function id3TextValues(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const out = [];
  let pos = 0;
  while (pos + 10 <= b.length && b[pos] === 0x49 && b[pos + 1] === 0x44 && b[pos + 2] === 0x33) {
    const version = b[pos + 3];
    const end = Math.min(b.length, pos + 10 + syncsafe(b, pos + 6));
    let f = pos + 10;
    while (f + 10 <= end) {
      const id = String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3]);
      if (!/^[A-Z0-9]{4}$/.test(id)) break;
      const size = version >= 4 ? syncsafe(b, f + 4) : (b[f + 4] << 24) | (b[f + 5] << 16) | (b[f + 6] << 8) | b[f + 7];
      const body = b.subarray(f + 10, Math.min(end, f + 10 + size));
      if (id === 'TXXX' && body.length > 1) {
        const enc = body[0];
        const wide = enc === 1 || enc === 2;
        // description, then its terminator (one NUL, two for UTF-16), then the value
        let i = 1;
        while (i < body.length && !(body[i] === 0 && (!wide || (body[i + 1] === 0 && (i - 1) % 2 === 0)))) i += wide ? 2 : 1;
        out.push(decodeText(enc, body.subarray(i + (wide ? 2 : 1))).replace(/\u0000+$/, ''));
      }
      f += 10 + size;
    }
    pos = end;
  }
  return out;
}

/** The chapters a document at `url` holds; [] when there is none (the CDN answers 404) or it cannot be read. */
export async function fetchChapters(url, fetchImpl = fetch) {
  if (!url) return [];
  try {
    const res = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!res.ok) return [];
    return chaptersOf(await res.json());
  } catch {
    return [];
  }
}

/** Where a chapter sits on a timeline from startMs to endMs: a fraction 0..1, or null when outside it. */
export function fractionOf(chapter, startMs, endMs) {
  if (!(endMs > startMs) || chapter.atMs < startMs || chapter.atMs > endMs) return null;
  return (chapter.atMs - startMs) / (endMs - startMs);
}

/**
 * Shows chapters: a marker per chapter on `strip` (positioned by `place(chapter)`: a fraction, or null to leave it
 * out) and a button per chapter in `list`. Both jump with `onJump(chapter)`; the buttons carry the accessible names
 * (the markers are for the pointer and hidden from assistive technology, so nothing is announced twice).
 */
export class ChapterView {
  constructor({ strip, list, onJump, describe = (c) => c.title }) {
    this.strip = strip;
    this.list = list;
    this.onJump = onJump;
    this.describe = describe;
    this.chapters = [];
    this.markers = [];
  }

  set(chapters) {
    this.chapters = chapters;
    const doc = this.list.ownerDocument;
    this.markers = chapters.map((c) => {
      const m = doc.createElement('span');
      m.className = 'chapter-marker';
      m.title = c.title;
      m.setAttribute('aria-hidden', 'true');
      m.dataset.at = c.at;
      m.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.onJump(c);
      });
      return m;
    });
    this.strip.replaceChildren(...this.markers);
    this.list.replaceChildren(...chapters.map((c) => {
      const li = doc.createElement('li');
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'chapter-button';
      b.dataset.at = c.at;
      // accessible name "Jump to chapter: <time> <title>": the visible text is part of it (WCAG 2.5.3)
      const hint = doc.createElement('span');
      hint.className = 'visually-hidden';
      hint.textContent = 'Jump to chapter: ';
      const text = doc.createElement('span');
      text.className = 'chapter-text';
      text.textContent = this.describe(c);
      b.append(hint, text);
      b.addEventListener('click', () => this.onJump(c));
      li.append(b);
      return li;
    }));
    this.list.hidden = chapters.length === 0;
    this.strip.hidden = chapters.length === 0;
  }

  /** Re-positions the markers (the live window moves); buttons of chapters outside it are disabled. */
  place(place) {
    this.chapters.forEach((c, i) => {
      const f = place(c);
      const m = this.markers[i];
      m.hidden = f === null;
      if (f !== null) m.style.left = `${(f * 100).toFixed(3)}%`;
      const b = this.list.children[i] && this.list.children[i].firstChild;
      if (b) b.disabled = f === null;
    });
  }
}

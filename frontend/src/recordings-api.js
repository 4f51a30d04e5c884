// Client of GET /api/recordings (contract: lambda/api/recordings.schema.json): past broadcasts, newest first, paged
// with an opaque cursor. Documents that do not look like the contract are refused, so a forged or broken answer can
// neither point the page at another host nor feed it a date it cannot show.
const ISO_UTC = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$/;
const RECORDING_MEDIA = '^/ivs/v1/[0-9]{12}/[a-zA-Z0-9-]{1,64}/[0-9]{4}/[1-9][0-9]?/[1-9][0-9]?/(0|[1-9][0-9]?)/(0|[1-9][0-9]?)/[a-zA-Z0-9]{1,64}/media/';
const PLAYLIST_URL = new RegExp(`${RECORDING_MEDIA}hls/master\\.m3u8$`);
const THUMBNAIL_URL = new RegExp(`${RECORDING_MEDIA}([a-zA-Z0-9_-]+/)*[a-zA-Z0-9_-]+\\.jpg$`);
export const RECORDING_ID = /^[a-zA-Z0-9]{1,64}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,120}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
// the broadcast's chapters beside its recording (lambda/api/chapters.schema.json); absent from an older function
const CHAPTERS_URL = new RegExp('^/ivs/v1/[0-9]{12}/[a-zA-Z0-9-]{1,64}/[0-9]{4}/[1-9][0-9]?/[1-9][0-9]?/(0|[1-9][0-9]?)/(0|[1-9][0-9]?)/[a-zA-Z0-9]{1,64}/onair/chapters\\.json$');
const ITEM_FIELDS = ['id', 'startedAt', 'endedAt', 'durationSeconds', 'playlistUrl', 'thumbnailUrl', 'title', 'chaptersUrl'];

const isIso = (v) => typeof v === 'string' && ISO_UTC.test(v) && Number.isFinite(Date.parse(v));

/** Throws an Error naming the first field that breaks the contract; returns the doc otherwise. */
export function checkRecordingsDoc(doc) {
  const bad = (field) => {
    throw new Error(`recordings document: invalid ${field}`);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) bad('body (not an object)');
  if (Object.keys(doc).some((k) => k !== 'recordings' && k !== 'next')) bad('body (unknown field)');
  if (!Array.isArray(doc.recordings) || doc.recordings.length > 100) bad('recordings');
  if (!(doc.next === null || (typeof doc.next === 'string' && CURSOR.test(doc.next)))) bad('next');
  doc.recordings.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) bad(`recordings[${i}]`);
    if (Object.keys(r).some((k) => !ITEM_FIELDS.includes(k))) bad(`recordings[${i}] (unknown field)`);
    if (typeof r.id !== 'string' || !RECORDING_ID.test(r.id)) bad(`recordings[${i}].id`);
    if (!isIso(r.startedAt)) bad(`recordings[${i}].startedAt`);
    if (!isIso(r.endedAt)) bad(`recordings[${i}].endedAt`);
    if (!Number.isInteger(r.durationSeconds) || r.durationSeconds < 0) bad(`recordings[${i}].durationSeconds`);
    if (typeof r.playlistUrl !== 'string' || r.playlistUrl.length > 2048 || !PLAYLIST_URL.test(r.playlistUrl)) bad(`recordings[${i}].playlistUrl`);
    if (!(r.thumbnailUrl === null || (typeof r.thumbnailUrl === 'string' && r.thumbnailUrl.length <= 2048 && THUMBNAIL_URL.test(r.thumbnailUrl)))) bad(`recordings[${i}].thumbnailUrl`);
    if (!(r.chaptersUrl === undefined || (typeof r.chaptersUrl === 'string' && CHAPTERS_URL.test(r.chaptersUrl)))) bad(`recordings[${i}].chaptersUrl`);
    if (!(r.title === null || (typeof r.title === 'string' && r.title.length <= 200 && !CONTROL.test(r.title)))) bad(`recordings[${i}].title`);
  });
  return doc;
}

export class RecordingsClient {
  constructor({ url = '/api/recordings', fetchImpl = (...a) => fetch(...a), timeoutMs = 8000 } = {}) {
    this.url = url;
    this.fetchImpl = fetchImpl;
    this.timeoutMs = timeoutMs;
  }

  /** One page: resolves to {recordings, next}; rejects on network errors, HTTP errors and bad documents. */
  async page(cursor = null) {
    if (cursor !== null && !CURSOR.test(cursor)) throw new Error('recordings: bad cursor');
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
    try {
      const url = cursor ? `${this.url}?cursor=${encodeURIComponent(cursor)}` : this.url;
      const res = await this.fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-cache', signal: ctrl.signal });
      if (!res.ok) throw new Error(`recordings API answered HTTP ${res.status}`);
      return checkRecordingsDoc(await res.json());
    } finally {
      clearTimeout(timer);
    }
  }

  /** The recording with this id, looking through at most maxPages pages; null when it is not (or no longer) listed. */
  async find(id, maxPages = 50) {
    let cursor = null;
    for (let i = 0; i < maxPages; i++) {
      const { recordings, next } = await this.page(cursor);
      const hit = recordings.find((r) => r.id === id);
      if (hit) return hit;
      if (!next) return null;
      cursor = next;
    }
    return null;
  }
}

/** "1 h 05 min", "12 min", "40 s". */
export function describeDuration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min`;
  return `${seconds} s`;
}

/** The recording of the stream that ended at lastLiveAt: it started before that end and ended around it. */
export function justEnded(recordings, lastLiveAt, slackSeconds = 300) {
  if (!lastLiveAt) return null;
  const end = Date.parse(lastLiveAt);
  return recordings.find((r) => Date.parse(r.startedAt) <= end && Date.parse(r.endedAt) >= end - slackSeconds * 1000) || null;
}

/** #/replay/<id> → id, else null. */
export function replayRoute(hash) {
  const m = /^#\/replay\/([^/?#]+)$/.exec(hash || '');
  return m && RECORDING_ID.test(m[1]) ? m[1] : null;
}

// Client of GET /api/stream (contract: lambda/api/stream-status.schema.json). Honors ETag/304 so the
// gentle polling costs the CDN and the function almost nothing, and refuses documents that do not
// look like the contract instead of letting a half-parsed object drive the page.

// The same limits as the contract's patterns: what the function must never emit is refused here too, so a forged
// or broken answer can neither point the page at another host nor feed it a date it cannot show.
const ISO_UTC = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$/;
const STREAM_ID = /^st-[a-zA-Z0-9]{23}$/;
const PLAYBACK_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?\/[^\s"'<>\\]*$/;
// IVS's auto-record layout, same-site only: /ivs/v1/<account>/<channel>/<y>/<m>/<d>/<h>/<min>/<recording>/media/
const RECORDING_MEDIA = '^/ivs/v1/[0-9]{12}/[a-zA-Z0-9-]{1,64}/[0-9]{4}/[1-9][0-9]?/[1-9][0-9]?/(0|[1-9][0-9]?)/(0|[1-9][0-9]?)/[a-zA-Z0-9]{1,64}/media/';
const PLAYLIST_URL = new RegExp(`${RECORDING_MEDIA}hls/master\\.m3u8$`);
const THUMBNAIL_URL = new RegExp(`${RECORDING_MEDIA}([a-zA-Z0-9_-]+/)*[a-zA-Z0-9_-]+\\.jpg$`);
// the broadcast's chapters beside its recording (lambda/api/chapters.schema.json); absent from an older function
const CHAPTERS_URL = new RegExp('^/ivs/v1/[0-9]{12}/[a-zA-Z0-9-]{1,64}/[0-9]{4}/[1-9][0-9]?/[1-9][0-9]?/(0|[1-9][0-9]?)/(0|[1-9][0-9]?)/[a-zA-Z0-9]{1,64}/onair/chapters\\.json$');
const CONTROL = /[\u0000-\u001f\u007f]/;
// The channel's info (title, description, nextStreamAt): the contract's limits; absent fields (a function older than
// the page) count as null.
const TITLE = /^[^\u0000-\u001f\u007f-\u009f<>]*[^\s\u0000-\u001f\u007f-\u009f<>][^\u0000-\u001f\u007f-\u009f<>]*$/u;
const DESCRIPTION = /^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f<>]*[^\s\u0000-\u001f\u007f-\u009f<>][^\u0000-\u0009\u000b-\u001f\u007f-\u009f<>]*$/u;
const NEXT_AT = /^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$/;
const TEXT_OR_NULL = (re, max) => (v) => v === undefined || v === null || (typeof v === 'string' && [...v].length <= max && re.test(v));

const ISO_OR_NULL = (v) => v === null || (typeof v === 'string' && ISO_UTC.test(v) && Number.isFinite(Date.parse(v)));
const MATCH_OR_NULL = (re, max = 2048) => (v) => v === null || (typeof v === 'string' && v.length <= max && re.test(v));
const REASON_OR_NULL = (v) => v === null || (typeof v === 'string' && v.length <= 512 && !CONTROL.test(v));

/** Throws an Error naming the first field that breaks the contract; returns the doc otherwise. */
export function checkStatusDoc(doc) {
  const bad = (field) => {
    throw new Error(`status document: invalid ${field}`);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) bad('body (not an object)');
  if (doc.status !== 'live' && doc.status !== 'reconnecting' && doc.status !== 'idle') bad('status');
  if (!ISO_OR_NULL(doc.since)) bad('since');
  if (!MATCH_OR_NULL(STREAM_ID)(doc.streamId)) bad('streamId');
  if (!MATCH_OR_NULL(PLAYBACK_URL)(doc.playbackUrl)) bad('playbackUrl');
  if (doc.status === 'live' && !doc.playbackUrl) bad('playbackUrl (live without a URL)');
  if (!ISO_OR_NULL(doc.lastLiveAt)) bad('lastLiveAt');
  if (!REASON_OR_NULL(doc.failureReason)) bad('failureReason');
  if (!MATCH_OR_NULL(THUMBNAIL_URL)(doc.thumbnailUrl)) bad('thumbnailUrl');
  if (typeof doc.stale !== 'boolean') bad('stale');
  if (!ISO_OR_NULL(doc.updatedAt)) bad('updatedAt');
  // IVS's concurrent views while live (its -1, unknown, arrives as null); nothing else counts viewers
  // (absent = unknown: a function released before the field existed still drives the page)
  const viewers = doc.viewerCount ?? null;
  if (viewers !== null && !(Number.isSafeInteger(viewers) && viewers >= 0)) bad('viewerCount');
  if (doc.status !== 'live' && (doc.playbackUrl !== null || viewers !== null)) bad('playbackUrl/viewerCount (only while live)');
  if (!TEXT_OR_NULL(TITLE, 100)(doc.title)) bad('title');
  if (!TEXT_OR_NULL(DESCRIPTION, 500)(doc.description)) bad('description');
  if (!(doc.nextStreamAt === undefined || doc.nextStreamAt === null || (typeof doc.nextStreamAt === 'string'
    && NEXT_AT.test(doc.nextStreamAt) && Number.isFinite(Date.parse(doc.nextStreamAt))))) bad('nextStreamAt');
  if (doc.dvr !== null) {
    const d = doc.dvr;
    if (!d || typeof d !== 'object') bad('dvr');
    if (typeof d.playlistUrl !== 'string' || !PLAYLIST_URL.test(d.playlistUrl)) bad('dvr.playlistUrl');
    if (!ISO_OR_NULL(d.startedAt) || d.startedAt === null) bad('dvr.startedAt');
    if (!Number.isInteger(d.windowSeconds) || d.windowSeconds < 0) bad('dvr.windowSeconds');
    if (typeof d.recording !== 'boolean') bad('dvr.recording');
    if (!(d.chaptersUrl === undefined || (typeof d.chaptersUrl === 'string' && CHAPTERS_URL.test(d.chaptersUrl)))) bad('dvr.chaptersUrl');
  }
  return doc;
}

export class StatusClient {
  /** @param clock a ServerClock (clock.js) told the server's time of every answer, or null */
  constructor({ url = '/api/stream', fetchImpl = (...a) => fetch(...a), timeoutMs = 8000, clock = null } = {}) {
    this.url = url;
    this.clock = clock;
    this.fetchImpl = fetchImpl;
    this.timeoutMs = timeoutMs;
    this.etag = null;
    this.last = null;
  }

  /** Resolves to {doc, changed}. Rejects on network errors, non-2xx/304 answers and bad documents. */
  async fetch() {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), this.timeoutMs);
    try {
      const headers = { Accept: 'application/json' };
      if (this.etag && this.last) headers['If-None-Match'] = this.etag;
      const sentAt = Date.now();
      const res = await this.fetchImpl(this.url, { headers, cache: 'no-cache', signal: ctrl.signal });
      if (this.clock && res.headers) this.clock.observe(res.headers, sentAt, Date.now());
      if (res.status === 304 && this.last) return { doc: this.last, changed: false };
      if (!res.ok) throw new Error(`status API answered HTTP ${res.status}`);
      const doc = checkStatusDoc(await res.json());
      this.etag = res.headers.get('ETag');
      this.last = doc;
      return { doc, changed: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

// Client of GET /api/stream (contract: lambda/api/stream-status.schema.json). Honors ETag/304 so the
// gentle polling costs the CDN and the function almost nothing, and refuses documents that do not
// look like the contract instead of letting a half-parsed object drive the page.

const ISO_OR_NULL = (v) => v === null || (typeof v === 'string' && Number.isFinite(Date.parse(v)));
const STRING_OR_NULL = (v) => v === null || typeof v === 'string';

/** Throws an Error naming the first field that breaks the contract; returns the doc otherwise. */
export function checkStatusDoc(doc) {
  const bad = (field) => {
    throw new Error(`status document: invalid ${field}`);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) bad('body (not an object)');
  if (doc.status !== 'live' && doc.status !== 'idle') bad('status');
  if (!ISO_OR_NULL(doc.since)) bad('since');
  if (!STRING_OR_NULL(doc.streamId)) bad('streamId');
  if (!STRING_OR_NULL(doc.playbackUrl)) bad('playbackUrl');
  if (doc.status === 'live' && !doc.playbackUrl) bad('playbackUrl (live without a URL)');
  if (!ISO_OR_NULL(doc.lastLiveAt)) bad('lastLiveAt');
  if (!STRING_OR_NULL(doc.failureReason)) bad('failureReason');
  if (!STRING_OR_NULL(doc.thumbnailUrl)) bad('thumbnailUrl');
  if (typeof doc.stale !== 'boolean') bad('stale');
  if (doc.dvr !== null) {
    const d = doc.dvr;
    if (!d || typeof d !== 'object') bad('dvr');
    if (typeof d.playlistUrl !== 'string' || !/^\/ivs\/v1\/.+\/media\/hls\/master\.m3u8$/.test(d.playlistUrl)) bad('dvr.playlistUrl');
    if (!ISO_OR_NULL(d.startedAt) || d.startedAt === null) bad('dvr.startedAt');
    if (!Number.isInteger(d.windowSeconds) || d.windowSeconds < 0) bad('dvr.windowSeconds');
    if (typeof d.recording !== 'boolean') bad('dvr.recording');
  }
  return doc;
}

export class StatusClient {
  constructor({ url = '/api/stream', fetchImpl = (...a) => fetch(...a), timeoutMs = 8000 } = {}) {
    this.url = url;
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
      const res = await this.fetchImpl(this.url, { headers, cache: 'no-cache', signal: ctrl.signal });
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

// The IVS recording as the player sees it while the stream is live. IVS sends Recording Start when it creates the
// recording's S3 prefix; the playlists and segments come later ("it takes a little time for the manifest files and
// video segments to be written", https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html), and
// AWS's DVR demo finds a recording seekable about 50 s after going live. So rewind is offered only once the recorded
// playlist holds a segment, and a seek never goes past what is recorded. Whether IVS writes #EXT-X-ENDLIST in the
// recorded playlist while live is unconfirmed (the DVR demo strips it): while the recording is still written the
// player drops that line, so the playlist is reloaded and its end is never taken for the end of the stream.
// Pure functions plus one small fetching class (fetch injectable); unit tested in test/unit/recording.test.js.

/** Parses a media playlist: segments with durations and program date-times, target duration, ENDLIST. */
export function parseMediaPlaylist(text) {
  const segments = [];
  let targetDuration = null;
  let duration = null;
  let pdt = null; // #EXT-X-PROGRAM-DATE-TIME of the next segment, or extrapolated from the one before
  let ended = false;
  let type = null;
  let position = 0;
  for (const raw of String(text).split(/\r?\n/)) {
    const l = raw.trim();
    if (!l) continue;
    if (l.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(l.slice(22));
    else if (l.startsWith('#EXT-X-PLAYLIST-TYPE:')) type = l.slice(21).trim();
    else if (l === '#EXT-X-ENDLIST') ended = true;
    else if (l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      const t = Date.parse(l.slice(25).trim());
      pdt = Number.isFinite(t) ? t : null;
    } else if (l.startsWith('#EXTINF:')) duration = Number.parseFloat(l.slice(8));
    else if (!l.startsWith('#') && duration !== null) {
      const d = Number.isFinite(duration) && duration > 0 ? duration : 0;
      segments.push({ uri: l, duration: d, start: position, programDateMs: pdt });
      position += d;
      pdt = pdt === null ? null : pdt + d * 1000;
      duration = null;
    }
  }
  return { segments, targetDuration: Number.isFinite(targetDuration) ? targetDuration : null, ended, type, totalSeconds: position };
}

/** The first variant's URI of a multivariant playlist, resolved against the playlist's own URL; null if none. */
export function firstVariantUrl(masterText, masterUrl) {
  const lines = String(masterText).split(/\r?\n/).map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#EXT-X-STREAM-INF')) continue;
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
    return uri ? new URL(uri, masterUrl).href : null;
  }
  // a media playlist handed over as the "master": use it as it is
  return lines.some((l) => l.startsWith('#EXTINF:')) ? new URL(masterUrl).href : null;
}

/**
 * What is recorded, in wall-clock terms: media time 0 is the first segment's program date-time when the playlist
 * has one (IVS writes them), else the Recording Start time from the status API (`fallbackStartMs`).
 * Returns {startMs, seconds, endMs, targetDuration, ended, playable}.
 */
export function recordedExtent(parsed, fallbackStartMs) {
  const first = parsed.segments[0];
  const startMs = first && first.programDateMs !== null ? first.programDateMs : fallbackStartMs;
  const seconds = parsed.totalSeconds;
  return {
    startMs,
    seconds,
    endMs: Number.isFinite(startMs) ? startMs + seconds * 1000 : NaN,
    targetDuration: parsed.targetDuration || (first ? first.duration : 0),
    ended: parsed.ended,
    playable: parsed.segments.length > 0 && seconds > 0 && Number.isFinite(startMs),
  };
}

/**
 * The media time (seconds) of a wall-clock moment in a recorded media playlist, from its segments' program
 * date-times (IVS writes one per segment): inside a segment, that segment's start plus the offset into it; in a gap
 * between two segments (the stream reconnected within the reconnect window: a discontinuity in one recording), the
 * start of the segment after the gap; null before the first segment, after the last, or without date-times.
 * A straight line from the first date-time would misplace every moment after a reconnect by the gap.
 */
export function mediaTimeAt(parsed, wallMs) {
  if (!parsed || !Number.isFinite(wallMs)) return null;
  let before = true;
  for (const s of parsed.segments) {
    if (s.programDateMs === null) continue;
    if (wallMs < s.programDateMs) return before ? null : s.start;
    if (wallMs < s.programDateMs + s.duration * 1000) return s.start + (wallMs - s.programDateMs) / 1000;
    before = false;
  }
  return null;
}

/**
 * A recording media time no later than the newest recorded moment. The newest moment is one segment before the
 * end: the player needs a segment to start from, and while the recording grows more follows.
 */
export function clampToRecorded(recordingTime, extent) {
  if (!extent || !extent.playable) return null;
  const newest = Math.max(0, extent.seconds - Math.max(1, extent.targetDuration || 0));
  return Math.min(Math.max(0, recordingTime), newest);
}

/** The playlist without #EXT-X-ENDLIST: while the stream is live the recording is not over, whatever it says. */
export function stripEndlist(text) {
  if (typeof text !== 'string' || !text.includes('#EXT-X-ENDLIST')) return text;
  return text
    .split('\n')
    .filter((l) => l.trim() !== '#EXT-X-ENDLIST')
    .join('\n');
}

/**
 * Looks at the recording through the CDN: the multivariant playlist once (its variant's URL does not change), then
 * that variant's media playlist on each refresh. `extent` is null until a refresh succeeded; a 404/403 (not written
 * yet: CloudFront answers 403→404 for a missing key) leaves it null. Network failures reject; callers keep polling.
 */
export class RecordingProbe {
  constructor({ playlistUrl, fallbackStartMs, fetchImpl = (...a) => fetch(...a), base = globalThis.location ? globalThis.location.href : 'http://localhost/' }) {
    this.masterUrl = new URL(playlistUrl, base).href;
    this.fallbackStartMs = fallbackStartMs;
    this.fetchImpl = fetchImpl;
    this.variantUrl = null;
    this.extent = null;
    this.parsed = null; // the media playlist behind `extent` (segments with their date-times)
    this.checkedAt = null;
    this.pending = null;
  }

  get playable() {
    return Boolean(this.extent && this.extent.playable);
  }

  /** One refresh at a time; concurrent callers share it. Resolves to the extent (or null: nothing recorded yet). */
  refresh(nowMs = Date.now()) {
    if (!this.pending) {
      this.pending = this.load(nowMs).finally(() => (this.pending = null));
    }
    return this.pending;
  }

  async load(nowMs) {
    if (!this.variantUrl) {
      const master = await this.text(this.masterUrl);
      if (master === null) return this.extent;
      this.variantUrl = firstVariantUrl(master, this.masterUrl);
      if (!this.variantUrl) return this.extent;
    }
    const media = await this.text(this.variantUrl);
    if (media === null) return this.extent;
    const parsed = parseMediaPlaylist(media);
    const extent = recordedExtent(parsed, this.fallbackStartMs);
    // a playlist served from a cache may be older than one seen before: never go backwards
    if (!this.extent || extent.seconds >= this.extent.seconds) {
      this.extent = extent;
      this.parsed = parsed;
    }
    this.checkedAt = nowMs;
    return this.extent;
  }

  async text(url) {
    const res = await this.fetchImpl(url, { headers: { Accept: 'application/vnd.apple.mpegurl, */*' } });
    if (res.status === 404 || res.status === 403) return null;
    if (!res.ok) throw new Error(`recording playlist answered HTTP ${res.status}`);
    return res.text();
  }
}

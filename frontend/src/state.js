// Pure state logic of the viewer page: no DOM, no timers, no network. Everything here is unit tested
// (test/unit/state.test.js) so the page's behaviour can be reasoned about without a browser.

/** While offline the page re-checks steadily, about every 4 s (±20 % jitter, so a crowd of viewers who saw the
 * same answer do not come back in lock-step). Polls are cheap: CloudFront answers them from one shared copy
 * (s-maxage 4 s, lambda EdgeCaching), so no backoff is needed, and a stream going live is noticed within
 * edge TTL + function cache + one poll (~10 s, p95) instead of up to a minute. */
export const OFFLINE_POLL = Object.freeze({ baseMs: 4000, jitter: 0.2 });

/** The status API failing while not live: back off (4 s doubling to 60 s, ±20 %) so a crowd does not hammer a
 * struggling origin; the steady poll resumes with the first good answer. */
export const OFFLINE_BACKOFF = Object.freeze({ baseMs: 4000, factor: 2, capMs: 60000, jitter: 0.2 });

/** While live we still poll (the stream may end while the video buffer hides it), gently: 15–30 s. */
export const LIVE_POLL = Object.freeze({ minMs: 15000, maxMs: 30000 });

/** The status API failing while live: the video keeps playing from the live source, so retry sooner
 * than the gentle live poll (the "Reconnecting…" indicator should not outlast the outage by 30 s), with
 * backoff and jitter so a crowd does not hammer a struggling origin, never slower than the live poll. */
export const LIVE_STATUS_RETRY = Object.freeze({ baseMs: 3000, factor: 2, capMs: LIVE_POLL.maxMs, jitter: 0.2 });

/** Closer than this to the live edge counts as "live": segment latency makes exact zero meaningless. */
export const LIVE_EDGE_SLACK_SECONDS = 8;

/**
 * Delay before offline re-check number `attempt` (0 = first re-check after the first answer).
 * The un-jittered delay is min(cap, base * factor^attempt); jitter spreads it by ±jitter·delay and the
 * result never exceeds the cap. `random` is injectable for tests (defaults to Math.random).
 */
export function backoffDelay(attempt, random = Math.random, opts = OFFLINE_BACKOFF) {
  const n = Math.max(0, Math.floor(Number.isFinite(attempt) ? attempt : 0));
  const raw = Math.min(opts.capMs, opts.baseMs * Math.pow(opts.factor, n));
  const spread = raw * opts.jitter;
  const jittered = raw - spread + 2 * spread * random();
  return Math.round(Math.min(opts.capMs, Math.max(0, jittered)));
}

/** Delay before the next status poll while offline: baseMs ± jitter (uniform). */
export function offlinePollDelay(random = Math.random, opts = OFFLINE_POLL) {
  const spread = opts.baseMs * opts.jitter;
  return Math.round(opts.baseMs - spread + 2 * spread * random());
}

/** Delay before the next status poll while live: uniform in [minMs, maxMs]. */
export function livePollDelay(random = Math.random, opts = LIVE_POLL) {
  return Math.round(opts.minMs + (opts.maxMs - opts.minMs) * random());
}

/**
 * Playback engine for a live source. The IVS player only works against IVS playback hosts
 * (*.live-video.net); anything else (the local platform's plain HLS) goes to hls.js.
 * Returns null for a missing or unparsable URL so the caller can show an error instead of crashing.
 */
export function chooseEngine(playbackUrl, base = 'http://localhost/') {
  if (typeof playbackUrl !== 'string' || playbackUrl.trim() === '') return null;
  let url;
  try {
    url = new URL(playbackUrl, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  return host === 'live-video.net' || host.endsWith('.live-video.net') ? 'ivs' : 'hls';
}

/**
 * Turns a status document (the GET /api/stream contract) plus the previous view into the next view.
 * Views: loading → offline | live | reconnecting; live → reconnecting (the broadcaster dropped; IVS keeps the recording
 * open for the reconnect window) → live (back: same recording) or ended (window over); ended/offline → live.
 * `previous` is the previous view (or null on first load).
 */
export function nextView(previous, doc) {
  const prevKind = previous ? previous.kind : 'loading';
  if (doc.status === 'live') {
    return {
      kind: 'live',
      streamId: doc.streamId,
      playbackUrl: doc.playbackUrl,
      engine: chooseEngine(doc.playbackUrl),
      dvr: doc.dvr && doc.dvr.playlistUrl ? doc.dvr : null,
      thumbnailUrl: doc.thumbnailUrl,
      stale: doc.stale,
      viewerCount: doc.viewerCount ?? null,
      // a new stream id while already live means the broadcaster restarted: the player must reload
      restarted: prevKind === 'live' && previous.streamId !== doc.streamId,
    };
  }
  if (doc.status === 'reconnecting') return reconnectingView(previous, doc);
  const ended = prevKind === 'live' || prevKind === 'ended' || prevKind === 'reconnecting';
  return {
    kind: ended ? 'ended' : 'offline',
    lastLiveAt: doc.lastLiveAt,
    thumbnailUrl: doc.thumbnailUrl,
    failureReason: doc.failureReason,
    stale: doc.stale,
  };
}

/**
 * The broadcaster dropped and may come back within IVS's reconnect window. The recording goes on (doc.dvr), so a
 * player that is already running keeps its rewind; it keeps the live source it had, for LIVE once the stream is back.
 */
function reconnectingView(previous, doc) {
  const had = previous && (previous.kind === 'live' || previous.kind === 'reconnecting') ? previous : null;
  return {
    kind: 'reconnecting',
    streamId: doc.streamId,
    playbackUrl: had ? had.playbackUrl : null,
    engine: had ? had.engine : null,
    dvr: doc.dvr && doc.dvr.playlistUrl ? doc.dvr : null,
    lastLiveAt: doc.lastLiveAt,
    thumbnailUrl: doc.thumbnailUrl,
    failureReason: doc.failureReason,
    stale: doc.stale,
    viewerCount: null,
  };
}

/**
 * Schedules the next status check for a view: a steady ~4 s poll while not live, a gentle poll while live, and
 * a backoff when the last `failures` status checks in a row failed (quicker while live: the video still plays).
 */
export function nextCheckDelay(view, random = Math.random, failures = 0) {
  if (!view || view.kind !== 'live') {
    return failures > 0 ? backoffDelay(failures - 1, random, OFFLINE_BACKOFF) : offlinePollDelay(random);
  }
  return failures > 0 ? backoffDelay(failures - 1, random, LIVE_STATUS_RETRY) : livePollDelay(random);
}

/**
 * The DVR window of the current stream, in wall-clock milliseconds.
 * The recording starts at dvr.startedAt; the viewer may seek back at most windowSeconds, and never
 * before the recording started: length = min(windowSeconds, liveEdge - startedAt).
 */
export function dvrWindow(dvr, liveEdgeMs) {
  if (!dvr) return null;
  const startedAtMs = Date.parse(dvr.startedAt);
  if (!Number.isFinite(startedAtMs) || !Number.isFinite(liveEdgeMs)) return null;
  const available = Math.max(0, (liveEdgeMs - startedAtMs) / 1000);
  const lengthSeconds = Math.min(Math.max(0, dvr.windowSeconds), available);
  return {
    startedAtMs,
    startMs: liveEdgeMs - lengthSeconds * 1000,
    endMs: liveEdgeMs,
    lengthSeconds,
  };
}

/** Seconds behind live of a wall-clock position (never negative). */
export function behindLive(liveEdgeMs, positionMs) {
  return Math.max(0, (liveEdgeMs - positionMs) / 1000);
}

/**
 * Where a seek "N seconds behind live" lands. Returns {live:true} when it is within the live slack,
 * else the recording media time (seconds from the recording start) clamped into the window.
 */
export function seekTarget(window, secondsBehind, slack = LIVE_EDGE_SLACK_SECONDS) {
  if (!window || !(secondsBehind > slack)) return { live: true };
  const behind = Math.min(secondsBehind, window.lengthSeconds);
  if (behind <= slack) return { live: true };
  const positionMs = window.endMs - behind * 1000;
  return {
    live: false,
    behindSeconds: behind,
    positionMs,
    recordingTime: Math.max(0, (positionMs - window.startedAtMs) / 1000),
  };
}

/** Wall-clock position of a recording media time. */
export function recordingPositionMs(dvr, recordingTime) {
  return Date.parse(dvr.startedAt) + recordingTime * 1000;
}

/** "1:02:03" / "2:03" for a number of seconds. */
export function formatClock(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Human text for the seek bar's aria-valuetext and the visible "behind live" label. */
export function describeBehind(seconds, slack = LIVE_EDGE_SLACK_SECONDS) {
  if (!(seconds > slack)) return 'Live';
  return `${formatClock(seconds)} behind live`;
}

/** "5 minutes ago" style text for the offline card; `nowMs` injectable for tests. */
export function describeAgo(iso, nowMs = Date.now()) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  if (s < 60) return 'just now';
  const units = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** Quality menu entries: auto first, then renditions from the highest. */
export function qualityOptions(levels) {
  const entries = (levels || [])
    .map((l, i) => ({ id: l.id ?? String(i), height: l.height || 0, bitrate: l.bitrate || 0, name: l.name }))
    .sort((a, b) => b.height - a.height || b.bitrate - a.bitrate)
    .map((l) => ({
      id: l.id,
      label: l.height ? `${l.height}p` + (l.bitrate ? ` (${Math.round(l.bitrate / 1000)} kbps)` : '') : l.name || `Level ${l.id}`,
    }));
  return [{ id: 'auto', label: 'Auto' }, ...entries];
}

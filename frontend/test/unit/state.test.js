import { describe, expect, it } from 'vitest';
import {
  LIVE_EDGE_SLACK_SECONDS,
  backoffDelay,
  behindLive,
  chooseEngine,
  describeAgo,
  describeBehind,
  dvrWindow,
  formatClock,
  livePollDelay,
  nextCheckDelay,
  offlinePollDelay,
  nextView,
  qualityOptions,
  recordingPositionMs,
  seekTarget,
} from '../../src/state.js';
import live from '../../../lambda/api/examples/live.json';
import idle from '../../../lambda/api/examples/idle.json';
import neverLive from '../../../lambda/api/examples/never-live.json';

const mid = () => 0.5; // no jitter
const low = () => 0;
const high = () => 0.999999;

describe('status check schedule', () => {
  it('re-checks steadily about every 4 s while offline: no backoff to a minute (issue 10)', () => {
    expect(offlinePollDelay(mid)).toBe(4000);
    expect(offlinePollDelay(low)).toBe(3200);
    expect(offlinePollDelay(high)).toBe(4800);
    // the 50th re-check of a page left open on "offline" is as quick as the first
    expect(nextCheckDelay({ kind: 'offline' }, mid)).toBe(4000);
    expect(Array.from({ length: 50 }, () => nextCheckDelay({ kind: 'offline' }, high)).every((d) => d <= 4800)).toBe(true);
    expect(nextCheckDelay({ kind: 'ended' }, low)).toBe(3200);
    expect(nextCheckDelay(null, mid)).toBe(4000);
  });
  it('keeps jitter: a crowd of offline viewers is spread over ±20 %', () => {
    const delays = new Set(Array.from({ length: 50 }, () => offlinePollDelay()));
    expect(delays.size).toBeGreaterThan(20);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(3200), expect(d).toBeLessThanOrEqual(4800);
  });
  it('backs off (4 s doubling to 60 s, jittered) only while the status API fails', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, mid))).toEqual([4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoffDelay(0, low)).toBe(3200);
    expect(backoffDelay(9, high)).toBe(60000);
    expect(backoffDelay(9, low)).toBe(48000);
    expect(backoffDelay(-3, mid)).toBe(4000);
    expect(backoffDelay(NaN, mid)).toBe(4000);
    expect([1, 2, 3, 9].map((n) => nextCheckDelay({ kind: 'offline' }, mid, n))).toEqual([4000, 8000, 16000, 60000]);
    // the first good answer brings the steady poll back
    expect(nextCheckDelay({ kind: 'offline' }, mid, 0)).toBe(4000);
  });
  it('polls gently while live (15–30 s)', () => {
    expect(livePollDelay(low)).toBe(15000);
    expect(livePollDelay(high)).toBe(30000);
    expect(nextCheckDelay({ kind: 'live' }, mid)).toBe(22500);
  });

  it('retries a failing status API sooner while live, backing off to the live poll cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 9].map((n) => nextCheckDelay({ kind: 'live' }, mid, n))).toEqual([3000, 6000, 12000, 24000, 30000, 30000]);
    // jittered, never above the cap
    expect(nextCheckDelay({ kind: 'live' }, () => 0, 1)).toBe(2400);
    expect(nextCheckDelay({ kind: 'live' }, () => 1, 9)).toBe(30000);
    expect(nextCheckDelay({ kind: 'live' }, mid, 0)).toBe(22500);
  });
});

describe('source selection', () => {
  it('uses the IVS player for IVS playback hosts', () => {
    expect(chooseEngine(live.playbackUrl)).toBe('ivs');
    expect(chooseEngine('https://X.us-west-2.playback.LIVE-VIDEO.net/api/video/v1/a.m3u8')).toBe('ivs');
  });
  it('uses hls.js for the local platform and anything else', () => {
    expect(chooseEngine('http://127.0.0.1:18080/api/video/v1/us-east-1.123456789012.channel.AbCdEf.m3u8')).toBe('hls');
    expect(chooseEngine('/ivs/v1/1/2/media/hls/master.m3u8')).toBe('hls');
    // a look-alike host is not IVS
    expect(chooseEngine('https://evil-live-video.net.example.com/x.m3u8')).toBe('hls');
    expect(chooseEngine('https://notlive-video.net/x.m3u8')).toBe('hls');
  });
  it('rejects missing or unusable URLs', () => {
    expect(chooseEngine(null)).toBeNull();
    expect(chooseEngine('')).toBeNull();
    expect(chooseEngine('javascript:alert(1)')).toBeNull();
    expect(chooseEngine('http://[::1')).toBeNull();
  });
});

describe('status transitions', () => {
  it('first answer idle (never live) shows offline', () => {
    const v = nextView(null, neverLive);
    expect(v.kind).toBe('offline');
    expect(v.lastLiveAt).toBeNull();
    expect(v.thumbnailUrl).toBeNull();
  });
  it('first answer idle after a stream shows offline with last-live time and thumbnail', () => {
    const v = nextView(null, idle);
    expect(v).toMatchObject({ kind: 'offline', lastLiveAt: idle.lastLiveAt, thumbnailUrl: idle.thumbnailUrl });
  });
  it('offline → live → ended → live', () => {
    const off = nextView(null, neverLive);
    const on = nextView(off, live);
    expect(on).toMatchObject({ kind: 'live', engine: 'ivs', playbackUrl: live.playbackUrl, restarted: false });
    expect(on.dvr.playlistUrl).toBe(live.dvr.playlistUrl);
    const ended = nextView(on, idle);
    expect(ended.kind).toBe('ended');
    expect(nextView(ended, idle).kind).toBe('ended');
    expect(nextView(ended, live).kind).toBe('live');
  });
  it('a new stream id while live is a restart', () => {
    const on = nextView(null, live);
    expect(nextView(on, live).restarted).toBe(false);
    expect(nextView(on, { ...live, streamId: 'st-other' }).restarted).toBe(true);
  });
  it('live without a recording has no DVR', () => {
    expect(nextView(null, { ...live, dvr: null }).dvr).toBeNull();
  });
  it('live carries the viewer count (null when IVS does not know)', () => {
    expect(nextView(null, live).viewerCount).toBe(live.viewerCount);
    expect(nextView(null, { ...live, viewerCount: null }).viewerCount).toBeNull();
  });
});

describe('reconnecting (IVS reconnect window)', () => {
  const reconnecting = { ...live, status: 'reconnecting', playbackUrl: null, viewerCount: null, lastLiveAt: '2026-01-01T12:30:00Z' };
  it('live → reconnecting keeps the recording and the live source the player had', () => {
    const on = nextView(null, live);
    const r = nextView(on, reconnecting);
    expect(r).toMatchObject({ kind: 'reconnecting', playbackUrl: live.playbackUrl, engine: 'ivs', viewerCount: null });
    expect(r.dvr.playlistUrl).toBe(live.dvr.playlistUrl);
    expect(r.thumbnailUrl).toBe(live.thumbnailUrl);
  });
  it('reconnecting → live again (a new stream id, the same recording)', () => {
    const r = nextView(nextView(null, live), reconnecting);
    const back = nextView(r, { ...live, streamId: 'st-2Second0000000000000000' });
    expect(back.kind).toBe('live');
    expect(back.dvr.playlistUrl).toBe(live.dvr.playlistUrl);
  });
  it('reconnecting → idle (window over) is "ended"', () => {
    const r = nextView(nextView(null, live), reconnecting);
    expect(nextView(r, idle).kind).toBe('ended');
  });
  it('a first answer of reconnecting has no live source to keep', () => {
    expect(nextView(null, reconnecting)).toMatchObject({ kind: 'reconnecting', playbackUrl: null, engine: null });
  });
  it('reconnecting polls like offline (steady, quick), not like live', () => {
    const r = nextView(null, reconnecting);
    const mid = () => 0.5;
    expect(nextCheckDelay(r, mid)).toBe(nextCheckDelay({ kind: 'offline' }, mid));
  });
});

describe('DVR window maths', () => {
  const startedAt = '2026-01-01T12:00:00Z';
  const t0 = Date.parse(startedAt);
  const dvr = { playlistUrl: '/ivs/v1/a/media/hls/master.m3u8', startedAt, windowSeconds: 14400, recording: true };

  it('grows with the stream until the configured window', () => {
    expect(dvrWindow(dvr, t0 + 90_000)).toEqual({ startedAtMs: t0, startMs: t0, endMs: t0 + 90_000, lengthSeconds: 90 });
    const w = dvrWindow(dvr, t0 + 5 * 3600_000);
    expect(w.lengthSeconds).toBe(14400);
    expect(w.startMs).toBe(t0 + 3600_000);
  });
  it('is empty before the recording starts and absent without a recording', () => {
    expect(dvrWindow(dvr, t0 - 10_000).lengthSeconds).toBe(0);
    expect(dvrWindow(null, t0)).toBeNull();
    expect(dvrWindow({ ...dvr, startedAt: 'nope' }, t0)).toBeNull();
  });
  it('honours a smaller configured window', () => {
    expect(dvrWindow({ ...dvr, windowSeconds: 600 }, t0 + 3600_000).lengthSeconds).toBe(600);
  });
  it('maps "seconds behind live" to a recording time', () => {
    const w = dvrWindow(dvr, t0 + 120_000);
    expect(seekTarget(w, 30)).toEqual({ live: false, behindSeconds: 30, positionMs: t0 + 90_000, recordingTime: 90 });
    // further back than the window: clamped to the recording start
    expect(seekTarget(w, 10_000)).toMatchObject({ behindSeconds: 120, recordingTime: 0 });
    // inside the live slack, or without DVR: live
    expect(seekTarget(w, LIVE_EDGE_SLACK_SECONDS)).toEqual({ live: true });
    expect(seekTarget(w, 0)).toEqual({ live: true });
    expect(seekTarget(null, 300)).toEqual({ live: true });
    // a window shorter than the slack cannot be rewound
    expect(seekTarget(dvrWindow(dvr, t0 + 5000), 60)).toEqual({ live: true });
  });
  it('behind live is edge minus position, never negative', () => {
    expect(behindLive(t0 + 60_000, t0 + 30_000)).toBe(30);
    expect(behindLive(t0, t0 + 5000)).toBe(0);
    expect(recordingPositionMs(dvr, 42.5)).toBe(t0 + 42_500);
  });
});

describe('formatting', () => {
  it('formats clocks and behind-live text', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(describeBehind(3)).toBe('Live');
    expect(describeBehind(30)).toBe('0:30 behind live');
    expect(describeBehind(14400)).toBe('4:00:00 behind live');
  });
  it('describes how long ago the stream was live', () => {
    const now = Date.parse('2026-01-01T15:00:00Z');
    expect(describeAgo('2026-01-01T14:59:30Z', now)).toBe('just now');
    expect(describeAgo('2026-01-01T14:55:00Z', now)).toBe('5 minutes ago');
    expect(describeAgo('2026-01-01T14:00:00Z', now)).toBe('1 hour ago');
    expect(describeAgo('2025-12-29T15:00:00Z', now)).toBe('3 days ago');
    expect(describeAgo('garbage', now)).toBeNull();
  });
  it('lists Auto first, then renditions from the highest', () => {
    const opts = qualityOptions([
      { id: '0', height: 160, bitrate: 230000 },
      { id: '1', height: 1080, bitrate: 6000000 },
      { id: '2', height: 480, bitrate: 1200000 },
    ]);
    expect(opts.map((o) => o.label)).toEqual(['Auto', '1080p (6000 kbps)', '480p (1200 kbps)', '160p (230 kbps)']);
    expect(opts.map((o) => o.id)).toEqual(['auto', '1', '2', '0']);
    expect(qualityOptions([])).toEqual([{ id: 'auto', label: 'Auto' }]);
  });
});

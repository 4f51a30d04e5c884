import { describe, expect, it } from 'vitest';
import { RecordingProbe, clampToRecorded, firstVariantUrl, mediaTimeAt, parseMediaPlaylist, recordedExtent, stripEndlist } from '../../src/recording.js';

// An IVS-shaped recorded rendition playlist while the stream is live: EVENT, program date-times, maybe ENDLIST.
const pdt0 = Date.parse('2026-01-01T12:00:12.000Z');
function recorded(n, { endlist = false, pdt = true, seconds = 6 } = {}) {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${seconds}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT'];
  for (let i = 0; i < n; i++) {
    if (pdt) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pdt0 + i * seconds * 1000).toISOString()}`);
    lines.push(`#EXTINF:${seconds.toFixed(3)},`, `${i}.ts`);
  }
  if (endlist) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}
const MASTER = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2"\n720p30/playlist.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=160000\n160p30/playlist.m3u8\n';
const RECORDING_START = Date.parse('2026-01-01T12:00:05Z');

describe('parseMediaPlaylist / recordedExtent', () => {
  it('reads segments, the EVENT type, ENDLIST and program date-times', () => {
    const p = parseMediaPlaylist(recorded(3, { endlist: true }));
    expect(p.segments.map((s) => s.uri)).toEqual(['0.ts', '1.ts', '2.ts']);
    expect(p.totalSeconds).toBe(18);
    expect(p.type).toBe('EVENT');
    expect(p.ended).toBe(true);
    expect(p.segments[2].programDateMs).toBe(pdt0 + 12000);
  });

  it('media time 0 is the first segment program date-time, not the Recording Start event', () => {
    const e = recordedExtent(parseMediaPlaylist(recorded(10)), RECORDING_START);
    expect(e).toMatchObject({ startMs: pdt0, seconds: 60, endMs: pdt0 + 60000, targetDuration: 6, ended: false, playable: true });
  });

  it('without program date-times the Recording Start time is used', () => {
    const e = recordedExtent(parseMediaPlaylist(recorded(2, { pdt: false })), RECORDING_START);
    expect(e.startMs).toBe(RECORDING_START);
    expect(e.endMs).toBe(RECORDING_START + 12000);
  });

  it('a playlist without segments (written before its first segment) cannot play', () => {
    const e = recordedExtent(parseMediaPlaylist(recorded(0)), RECORDING_START);
    expect(e.playable).toBe(false);
    expect(clampToRecorded(30, e)).toBeNull();
  });
});

describe('mediaTimeAt', () => {
  it('maps a wall-clock moment to media time by the segment that holds it', () => {
    const p = parseMediaPlaylist(recorded(3, { endlist: true }));
    expect(mediaTimeAt(p, pdt0)).toBe(0);
    expect(mediaTimeAt(p, pdt0 + 7500)).toBe(7.5);
    expect(mediaTimeAt(p, pdt0 + 17999)).toBeCloseTo(17.999, 6);
  });

  it('a moment outside the recording, or without date-times, has no media time', () => {
    const p = parseMediaPlaylist(recorded(3, { endlist: true }));
    expect(mediaTimeAt(p, pdt0 - 1)).toBeNull();
    expect(mediaTimeAt(p, pdt0 + 18000)).toBeNull();
    expect(mediaTimeAt(parseMediaPlaylist(recorded(3, { pdt: false })), pdt0 + 1000)).toBeNull();
    expect(mediaTimeAt(p, NaN)).toBeNull();
  });

  it('after a reconnect (a gap in date-times) moments map by their own segment, a moment in the gap to where the stream resumed', () => {
    // IVS merges a reconnect within the window into one recording: 2 segments, a 30 s gap, 2 more (discontinuity)
    const at = (ms) => new Date(pdt0 + ms).toISOString();
    const text = ['#EXTM3U', '#EXT-X-TARGETDURATION:6',
      `#EXT-X-PROGRAM-DATE-TIME:${at(0)}`, '#EXTINF:6.000,', '0.ts', `#EXT-X-PROGRAM-DATE-TIME:${at(6000)}`, '#EXTINF:6.000,', '1.ts',
      '#EXT-X-DISCONTINUITY', `#EXT-X-PROGRAM-DATE-TIME:${at(42000)}`, '#EXTINF:6.000,', '2.ts', `#EXT-X-PROGRAM-DATE-TIME:${at(48000)}`, '#EXTINF:6.000,', '3.ts',
      '#EXT-X-ENDLIST'].join('\n');
    const p = parseMediaPlaylist(text);
    expect(mediaTimeAt(p, pdt0 + 44000)).toBe(14); // a straight line from the first date-time would say 44
    expect(mediaTimeAt(p, pdt0 + 20000)).toBe(12); // in the gap: where the stream resumed
    expect(mediaTimeAt(p, pdt0 + 54000)).toBeNull();
  });
});

describe('clampToRecorded', () => {
  const e = recordedExtent(parseMediaPlaylist(recorded(100)), RECORDING_START); // 600 s recorded
  it('leaves a time inside the recording alone', () => {
    expect(clampToRecorded(120, e)).toBe(120);
    expect(clampToRecorded(0, e)).toBe(0);
  });
  it('a time past what is recorded lands on the newest recorded moment (one segment before the end)', () => {
    expect(clampToRecorded(700, e)).toBe(594);
    expect(clampToRecorded(599, e)).toBe(594);
  });
  it('never before the start', () => {
    expect(clampToRecorded(-5, e)).toBe(0);
    expect(clampToRecorded(10, recordedExtent(parseMediaPlaylist(recorded(1)), 0))).toBe(0);
  });
});

describe('stripEndlist', () => {
  it('drops #EXT-X-ENDLIST and nothing else', () => {
    const open = recorded(3);
    expect(stripEndlist(recorded(3, { endlist: true }))).toBe(open);
    expect(parseMediaPlaylist(stripEndlist(recorded(3, { endlist: true }))).ended).toBe(false);
  });
  it('leaves other text as it is', () => {
    expect(stripEndlist(recorded(2))).toBe(recorded(2));
    expect(stripEndlist(undefined)).toBe(undefined);
  });
});

describe('firstVariantUrl', () => {
  it('resolves the first variant against the multivariant playlist', () => {
    expect(firstVariantUrl(MASTER, 'https://cdn.example/ivs/v1/a/b/media/hls/master.m3u8')).toBe('https://cdn.example/ivs/v1/a/b/media/hls/720p30/playlist.m3u8');
  });
  it('a media playlist is its own variant; anything else has none', () => {
    expect(firstVariantUrl(recorded(1), 'https://cdn.example/x/playlist.m3u8')).toBe('https://cdn.example/x/playlist.m3u8');
    expect(firstVariantUrl('<html>not found</html>', 'https://cdn.example/x.m3u8')).toBeNull();
  });
});

describe('RecordingProbe', () => {
  /** A CDN in front of the recording: answers per path, counts requests. */
  function cdn(files) {
    const calls = [];
    const fetchImpl = async (url) => {
      calls.push(new URL(url).pathname);
      const body = files[new URL(url).pathname];
      if (body instanceof Error) throw body;
      if (body === undefined) return { ok: false, status: 404, text: async () => '<html>' };
      return { ok: true, status: 200, text: async () => body };
    };
    return { calls, fetchImpl };
  }
  const base = 'https://viewer.example/';
  const master = '/ivs/v1/1/c/2026/1/1/12/0/rec/media/hls/master.m3u8';
  const variant = '/ivs/v1/1/c/2026/1/1/12/0/rec/media/hls/720p30/playlist.m3u8';

  it('IVS timing: Recording Start before any object, then the playlist without segments, then segments', async () => {
    const files = {};
    const { calls, fetchImpl } = cdn(files);
    const probe = new RecordingProbe({ playlistUrl: master, fallbackStartMs: RECORDING_START, fetchImpl, base });
    expect(await probe.refresh()).toBeNull();
    expect(probe.playable).toBe(false);
    files[master] = MASTER;
    files[variant] = recorded(0);
    await probe.refresh();
    expect(probe.playable).toBe(false);
    files[variant] = recorded(3);
    const e = await probe.refresh();
    expect(probe.playable).toBe(true);
    expect(e.startMs).toBe(pdt0);
    expect(e.seconds).toBe(18);
    // the multivariant playlist is read until it exists, then only the variant
    expect(calls).toEqual([master, master, variant, variant]);
  });

  it('never goes backwards when a cache serves an older playlist', async () => {
    const files = { [master]: MASTER, [variant]: recorded(10) };
    const probe = new RecordingProbe({ playlistUrl: master, fallbackStartMs: RECORDING_START, ...cdn(files), base });
    await probe.refresh();
    files[variant] = recorded(8);
    expect((await probe.refresh()).seconds).toBe(60);
  });

  it('concurrent refreshes share one request; network errors reject and change nothing', async () => {
    const files = { [master]: MASTER, [variant]: recorded(2) };
    const c = cdn(files);
    const probe = new RecordingProbe({ playlistUrl: master, fallbackStartMs: RECORDING_START, fetchImpl: c.fetchImpl, base });
    await Promise.all([probe.refresh(), probe.refresh(), probe.refresh()]);
    expect(c.calls).toEqual([master, variant]);
    files[variant] = new TypeError('network down');
    await expect(probe.refresh()).rejects.toThrow('network down');
    expect(probe.extent.seconds).toBe(12);
  });

  it('an HTTP error other than "not there yet" is an error', async () => {
    const probe = new RecordingProbe({
      playlistUrl: master,
      fallbackStartMs: RECORDING_START,
      fetchImpl: async () => ({ ok: false, status: 500, text: async () => '' }),
      base,
    });
    await expect(probe.refresh()).rejects.toThrow('HTTP 500');
  });
});

// Test harness for the browser tests: real HTTP servers on 127.0.0.1 (free ports), a real HLS stream
// produced by ffmpeg while the test runs, and a status endpoint whose state the test controls.
//
//  site server   dist/ (with the CDN's CSP), GET /api/stream (ETag/304; faults on demand: an HTTP error
//                 or no answer at all), /ivs/v1/... (the recording: an EVENT playlist that grows, ENDLIST
//                 once ffmpeg stops; plus, on demand, a second short recording that is already finished),
//                 a thumbnail
//                 and, on demand, a long recording as IVS writes it while live (growingRecording): nothing
//                 until it is "available", then an EVENT playlist with program date-times that grows in real
//                 time, behind the live edge, with or without #EXT-X-ENDLIST
//  live server   another origin, like IVS: a multivariant playlist at the IVS-shaped path and a sliding
//                 window over the same segments; CORS open; 404 once the stream has ended
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.jpg': 'image/jpeg',
};
export const RENDITIONS = [
  { name: '180p', width: 320, height: 180, bandwidth: 400000 },
  { name: '90p', width: 160, height: 90, bandwidth: 150000 },
];
const ACCOUNT = '123456789012';
const CHANNEL = 'AbCdEf';
const LIVE_WINDOW_SEGMENTS = 6;

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // port 0: the kernel picks a free port
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

/** Parses an ffmpeg media playlist into {targetDuration, segments:[{duration, uri}], ended}. */
export function parseMediaPlaylist(text) {
  const lines = text.split('\n').map((l) => l.trim());
  const segments = [];
  let targetDuration = 2;
  let pending = null;
  for (const l of lines) {
    if (l.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(l.split(':')[1]);
    else if (l.startsWith('#EXTINF:')) pending = Number(l.slice(8).split(',')[0]);
    else if (l && !l.startsWith('#') && pending !== null) {
      segments.push({ duration: pending, uri: l });
      pending = null;
    }
  }
  return { targetDuration, segments, ended: lines.includes('#EXT-X-ENDLIST') };
}

export class Harness {
  constructor() {
    this.work = mkdtempSync(join(tmpdir(), 'onair-browser-'));
    this.status = neverLive();
    this.liveUp = false;
    this.liveFault = null; // e.g. 503 to simulate a network fault on the live segments
    this.statusFault = null; // e.g. 503 (answer with that HTTP error) or 'hang' (never answer) on /api/stream
    this.hungStatus = new Set(); // /api/stream requests held open by the 'hang' fault
    this.statusAborted = 0; // held requests the client gave up on (its own timeout)
    this.finished = null; // {prefix, dir, seconds} of the finished recording, once made
    this.recordingPages = { '': { recordings: [], next: null } }; // GET /api/recordings, by cursor ('' = first page)
    this.growing = null; // the long recording IVS is writing (growingRecording)
    this.ffmpeg = null;
    this.requests = [];
    const d = new Date();
    this.recordingPrefix = `ivs/v1/${ACCOUNT}/${CHANNEL}/${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCHours()}/${d.getUTCMinutes()}/rec0test0001`;
  }

  get recordingMaster() {
    return `/${this.recordingPrefix}/media/hls/master.m3u8`;
  }

  get thumbnailUrl() {
    // the newest SEQUENTIAL thumbnail, as the status function names it
    return `/${this.recordingPrefix}/media/thumbnails/thumb0.jpg`;
  }

  get playbackUrl() {
    return `http://127.0.0.1:${this.livePort}/api/video/v1/us-east-1.${ACCOUNT}.channel.${CHANNEL}.m3u8`;
  }

  get siteUrl() {
    return `http://127.0.0.1:${this.sitePort}/`;
  }

  async start() {
    this.site = createServer((req, res) => this.serveSite(req, res).catch((e) => fail(res, e)));
    this.live = createServer((req, res) => this.serveLive(req, res).catch((e) => fail(res, e)));
    this.sitePort = await listen(this.site);
    this.livePort = await listen(this.live);
    const thumb = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', join(this.work, 'thumb.jpg')]);
    if (thumb.status !== 0) throw new Error('ffmpeg could not make the thumbnail: ' + thumb.stderr);
  }

  /** Starts the broadcaster: ffmpeg writing a two-rendition EVENT HLS recording in real time. */
  startStream() {
    const out = join(this.work, 'hls');
    this.streamStartedAt = new Date();
    this.ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-nostats',
        '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15',
        '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
        '-filter_complex', '[0:v]split=2[a][b];[b]scale=160:90[b2]',
        '-map', '[a]', '-map', '[b2]', '-map', '1:a', '-map', '1:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
        '-g', '15', '-keyint_min', '15', '-sc_threshold', '0',
        '-b:v:0', '300k', '-b:v:1', '100k', '-c:a', 'aac', '-b:a', '48k', '-ac', '1',
        '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'event', '-hls_flags', 'temp_file+independent_segments',
        '-var_stream_map', `v:0,a:0,name:${RENDITIONS[0].name} v:1,a:1,name:${RENDITIONS[1].name}`,
        '-hls_segment_filename', join(out, '%v', 'seg_%05d.ts'),
        join(out, '%v', 'playlist.m3u8'),
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    this.ffmpegErr = '';
    this.ffmpeg.stderr.on('data', (d) => (this.ffmpegErr += d));
    this.ffmpegExit = new Promise((resolve) => this.ffmpeg.once('exit', resolve));
    this.liveUp = true;
  }

  /**
   * A second, short recording that is already finished (#EXT-X-ENDLIST), as IVS leaves behind once a
   * recording ends. ffmpeg encodes it as fast as it can (no -re): a few seconds of 320x180.
   */
  async finishedRecording(seconds = 10) {
    if (this.finished) return this.finished;
    const prefix = this.recordingPrefix.replace(/rec0test0001$/, 'rec0test0002');
    const dir = join(this.work, 'hls-finished');
    const ff = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-nostats',
        '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=15:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=660:sample_rate=44100:duration=${seconds}`,
        '-map', '0:v', '-map', '1:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '15', '-keyint_min', '15', '-sc_threshold', '0',
        '-b:v', '300k', '-c:a', 'aac', '-b:a', '48k', '-ac', '1',
        '-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'event', '-hls_flags', 'independent_segments',
        '-var_stream_map', `v:0,a:0,name:${RENDITIONS[0].name}`,
        '-hls_segment_filename', join(dir, '%v', 'seg_%05d.ts'),
        join(dir, '%v', 'playlist.m3u8'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    ff.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => ff.once('exit', resolve));
    if (code !== 0) throw new Error(`ffmpeg could not make the finished recording (exit ${code}): ${err}`);
    const p = parseMediaPlaylist(await readFile(join(dir, RENDITIONS[0].name, 'playlist.m3u8'), 'utf8'));
    if (!p.ended) throw new Error('the finished recording has no #EXT-X-ENDLIST');
    // programDate0: the wall-clock time of media time 0, written as #EXT-X-PROGRAM-DATE-TIME on every segment as IVS
    // does (a test sets it; null = a playlist without date-times)
    this.finished = { prefix, dir, seconds: p.segments.reduce((a, s) => a + s.duration, 0), master: `/${prefix}/media/hls/master.m3u8`, programDate0: null };
    return this.finished;
  }

  /**
   * A long recording, encoded once as fast as ffmpeg can (no -re: 15 min of 160x90 in seconds), then served the
   * way IVS writes it while the stream is live (see reopenGrowing): 2 s segments, an EVENT playlist with
   * program date-times.
   */
  async growingRecording(seconds = 900) {
    if (this.growing) return this.growing;
    const prefix = this.recordingPrefix.replace(/rec0test0001$/, 'rec0test0003');
    const dir = join(this.work, 'hls-growing');
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    const ff = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-nostats',
        '-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=15:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=22050:duration=${seconds}`,
        '-map', '0:v', '-map', '1:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
        '-b:v', '60k', '-c:a', 'aac', '-b:a', '24k', '-ac', '1',
        '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
        '-hls_segment_filename', join(dir, 'seg_%05d.ts'),
        join(dir, 'all.m3u8'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    ff.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => ff.once('exit', resolve));
    if (code !== 0) throw new Error(`ffmpeg could not make the long recording (exit ${code}): ${err}`);
    const p = parseMediaPlaylist(await readFile(join(dir, 'all.m3u8'), 'utf8'));
    let at = 0;
    const segments = p.segments.map((s) => ({ ...s, start: (at += s.duration) - s.duration }));
    this.growing = { prefix, dir, segments, total: at, targetDuration: p.targetDuration, encodeMs: Date.now() - started, master: `/${prefix}/media/hls/master.m3u8`, requests: 0 };
    return this.growing;
  }

  /**
   * Starts the long recording's life again, as IVS shows it while live: `available` false = Recording Start sent
   * but no object written yet (404); then `recordedSeconds` are recorded, growing in real time, the newest
   * recorded moment `lagSeconds` behind the live edge; `endlist` writes #EXT-X-ENDLIST while live.
   */
  reopenGrowing({ recordedSeconds, lagSeconds, endlist, available = false }) {
    const g = this.growing;
    g.t0 = Date.now();
    g.recordedAtT0 = recordedSeconds;
    g.programDate0 = g.t0 - (recordedSeconds + lagSeconds) * 1000;
    g.endlist = endlist;
    g.available = available;
    g.requests = 0;
    // IVS sends Recording Start when it creates the prefix, before the first segment exists
    g.recordingStartedAt = new Date(g.programDate0 - 10000).toISOString();
  }

  /** Seconds the long recording holds now (whole segments). */
  growingRecordedSeconds() {
    const g = this.growing;
    const limit = Math.min(g.total, g.recordedAtT0 + (Date.now() - g.t0) / 1000);
    let s = 0;
    for (const seg of g.segments) {
      if (seg.start + seg.duration > limit) break;
      s = seg.start + seg.duration;
    }
    return s;
  }

  growingPlaylist() {
    const g = this.growing;
    const upTo = this.growingRecordedSeconds();
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${g.targetDuration}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT', '#EXT-X-INDEPENDENT-SEGMENTS'];
    for (const s of g.segments) {
      if (s.start + s.duration > upTo) break;
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(g.programDate0 + s.start * 1000).toISOString()}`, `#EXTINF:${s.duration.toFixed(3)},`, s.uri);
    }
    if (g.endlist) lines.push('#EXT-X-ENDLIST');
    return lines.join('\n') + '\n';
  }

  growingLiveStatus() {
    return {
      ...this.liveStatus(),
      dvr: { playlistUrl: this.growing.master, startedAt: this.growing.recordingStartedAt, windowSeconds: 14400, recording: true },
    };
  }

  /** Ends a status fault: held requests are cut (as a failing origin would), later ones answered. */
  clearStatusFault() {
    this.statusFault = null;
    const held = [...this.hungStatus];
    this.hungStatus.clear(); // first, so that cutting them is not counted as the client giving up
    for (const res of held) res.destroy();
  }

  /** The broadcaster stops: ffmpeg finishes the recording (ENDLIST), the live source disappears. */
  async endStream() {
    this.liveUp = false;
    if (this.ffmpeg && this.ffmpeg.exitCode === null) {
      this.ffmpeg.stdin.write('q');
      const timeout = setTimeout(() => this.ffmpeg.kill('SIGKILL'), 5000);
      await this.ffmpegExit;
      clearTimeout(timeout);
    }
  }

  async mediaPlaylist(rendition) {
    const file = join(this.work, 'hls', rendition, 'playlist.m3u8');
    if (!existsSync(file)) return null;
    return parseMediaPlaylist(await readFile(file, 'utf8'));
  }

  /** Seconds of media recorded so far (lowest rendition). */
  async recordedSeconds() {
    const p = await this.mediaPlaylist(RENDITIONS[0].name);
    return p ? p.segments.reduce((a, s) => a + s.duration, 0) : 0;
  }

  setStatus(doc) {
    this.status = doc;
  }

  liveStatus() {
    return {
      status: 'live',
      since: this.streamStartedAt.toISOString(),
      streamId: 'st-testStream0000000000001',
      playbackUrl: this.playbackUrl,
      lastLiveAt: null,
      failureReason: null,
      dvr: { playlistUrl: this.recordingMaster, startedAt: this.streamStartedAt.toISOString(), windowSeconds: 14400, recording: true },
      thumbnailUrl: this.thumbnailUrl,
      stale: false,
      updatedAt: new Date().toISOString(),
      viewerCount: 2,
    };
  }

  idleStatus(lastLiveAt) {
    return {
      status: 'idle',
      since: lastLiveAt,
      streamId: 'st-testStream0000000000000',
      playbackUrl: null,
      lastLiveAt,
      failureReason: null,
      dvr: null,
      thumbnailUrl: this.thumbnailUrl,
      stale: false,
      updatedAt: lastLiveAt,
      viewerCount: null,
    };
  }

  master(prefix, renditions = RENDITIONS) {
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
    for (const r of renditions) {
      lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},RESOLUTION=${r.width}x${r.height}`, `${prefix}${r.name}/playlist.m3u8`);
    }
    return lines.join('\n') + '\n';
  }

  async serveSite(req, res) {
    const url = new URL(req.url, this.siteUrl);
    this.requests.push(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/api/stream') {
      if (this.statusFault === 'hang') {
        // accept the request and never answer: only the client's own timeout gets it out of this
        this.hungStatus.add(res);
        res.once('close', () => {
          if (this.hungStatus.delete(res)) this.statusAborted += 1;
        });
        return;
      }
      if (this.statusFault) return send(res, this.statusFault, 'application/json', JSON.stringify({ message: 'injected fault' }));
      const body = JSON.stringify(this.status);
      const etag = '"' + createHash('sha256').update(body).digest('hex').slice(0, 16) + '"';
      if (req.headers['if-none-match'] === etag) return send(res, 304, null, null, { ETag: etag, 'Cache-Control': 'no-cache' });
      return send(res, 200, 'application/json', body, { ETag: etag, 'Cache-Control': 'no-cache' });
    }
    if (url.pathname === '/api/recordings') {
      // past broadcasts (replays): the pages the test set, by cursor; an unknown cursor is the API's 400
      const doc = this.recordingPages[url.searchParams.get('cursor') ?? ''];
      if (!doc) return send(res, 400, 'application/json', JSON.stringify({ error: 'bad_cursor', message: 'unknown cursor' }));
      return send(res, 200, 'application/json', JSON.stringify(doc), { 'Cache-Control': 'no-cache' });
    }
    if (url.pathname.startsWith('/ivs/v1/')) return this.serveRecording(url.pathname, res);
    // the static site, as the CDN serves it from the site bucket
    const rel = url.pathname === '/' ? 'index.html' : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (rel.startsWith('..')) return send(res, 400, 'text/plain', 'bad path');
    const file = join(DIST, rel);
    if (!existsSync(file)) return send(res, 404, 'text/plain', 'not found');
    const headers = rel === 'index.html' ? { 'Content-Security-Policy': this.csp(), 'Cache-Control': 'no-cache' } : { 'Cache-Control': 'public, max-age=31536000, immutable' };
    return send(res, 200, TYPES[extname(file)] || 'application/octet-stream', await readFile(file), headers);
  }

  /** The CSP the CDN sets (terraform), with the live origin as an extra media origin, as locally. */
  csp() {
    const live = `http://127.0.0.1:${this.livePort}`;
    return [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "worker-src 'self' blob:",
      "style-src 'self'",
      `img-src 'self' data: ${live}`,
      `media-src 'self' blob: ${live}`,
      `connect-src 'self' ${live}`,
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  async serveRecording(path, res) {
    // a broadcast's chapters document (scripts/chapter writes it beside the recording): set by a test, else 404
    if (path.endsWith('/onair/chapters.json')) {
      const doc = this.chapterDocs && this.chapterDocs[path];
      return doc ? send(res, 200, 'application/json', JSON.stringify(doc)) : send(res, 404, 'text/plain', 'no chapters');
    }
    const base = `/${this.recordingPrefix}/media/`;
    const finishedBase = this.finished && `/${this.finished.prefix}/media/`;
    const growingBase = this.growing && `/${this.growing.prefix}/media/`;
    let rest, dir, renditions;
    if (growingBase && path.startsWith(growingBase)) {
      const g = this.growing;
      if (!g.available) return send(res, 404, 'text/plain', 'not written yet');
      rest = path.slice(growingBase.length);
      if (rest === 'hls/master.m3u8') return send(res, 200, TYPES['.m3u8'], this.master('', RENDITIONS.slice(1)));
      if (rest === `hls/${RENDITIONS[1].name}/playlist.m3u8`) {
        g.requests += 1;
        return send(res, 200, TYPES['.m3u8'], this.growingPlaylist());
      }
      const m = /^hls\/[0-9a-z]+\/(seg_\d+\.ts)$/.exec(rest);
      if (!m || !existsSync(join(g.dir, m[1]))) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, TYPES['.ts'], await readFile(join(g.dir, m[1])));
    }
    if (path.startsWith(base)) {
      rest = path.slice(base.length);
      if (rest === 'thumbnails/thumb0.jpg') return send(res, 200, 'image/jpeg', readFileSync(join(this.work, 'thumb.jpg')));
      if (!this.ffmpeg) return send(res, 404, 'text/plain', 'not recorded yet');
      [dir, renditions] = [join(this.work, 'hls'), RENDITIONS];
    } else if (finishedBase && path.startsWith(finishedBase)) {
      rest = path.slice(finishedBase.length);
      [dir, renditions] = [this.finished.dir, RENDITIONS.slice(0, 1)];
    } else {
      return send(res, 404, 'text/plain', 'no such recording');
    }
    if (rest === 'hls/master.m3u8') return send(res, 200, TYPES['.m3u8'], this.master('', renditions), { 'Cache-Control': 'max-age=12' });
    const m = /^hls\/([0-9a-z]+)\/(playlist\.m3u8|seg_\d+\.ts)$/.exec(rest);
    if (!m) return send(res, 404, 'text/plain', 'not found');
    const file = join(dir, m[1], m[2]);
    if (!existsSync(file)) return send(res, 404, 'text/plain', 'not found');
    if (dir === this.finished?.dir && m[2] === 'playlist.m3u8' && this.finished.programDate0 !== null) {
      return send(res, 200, TYPES['.m3u8'], withProgramDateTimes(await readFile(file, 'utf8'), this.finished.programDate0));
    }
    return send(res, 200, TYPES[extname(file)], await readFile(file));
  }

  async serveLive(req, res) {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' };
    if (req.method === 'OPTIONS') return send(res, 204, null, null, { ...cors, 'Access-Control-Allow-Headers': '*' });
    if (!this.liveUp) return send(res, 404, 'text/plain', 'stream is offline', cors);
    const path = new URL(req.url, 'http://x').pathname;
    if (path === new URL(this.playbackUrl).pathname) return send(res, 200, TYPES['.m3u8'], this.master('/live/'), cors);
    const m = /^\/live\/([0-9a-z]+)\/(playlist\.m3u8|seg_\d+\.ts)$/.exec(path);
    if (!m || !RENDITIONS.some((r) => r.name === m[1])) return send(res, 404, 'text/plain', 'not found', cors);
    if (m[2] === 'playlist.m3u8') {
      const p = await this.mediaPlaylist(m[1]);
      if (!p || p.segments.length === 0) return send(res, 404, 'text/plain', 'no segments yet', cors);
      // a sliding window over the recording's segments, like a live edge
      const first = Math.max(0, p.segments.length - LIVE_WINDOW_SEGMENTS);
      const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${p.targetDuration}`, `#EXT-X-MEDIA-SEQUENCE:${first}`];
      for (const s of p.segments.slice(first)) lines.push(`#EXTINF:${s.duration.toFixed(3)},`, s.uri);
      return send(res, 200, TYPES['.m3u8'], lines.join('\n') + '\n', cors);
    }
    if (this.liveFault) return send(res, this.liveFault, 'text/plain', 'injected fault', cors);
    const file = join(this.work, 'hls', m[1], m[2]);
    if (!existsSync(file)) return send(res, 404, 'text/plain', 'not found', cors);
    return send(res, 200, TYPES['.ts'], await readFile(file), cors);
  }

  async stop() {
    this.clearStatusFault();
    if (this.ffmpeg && this.ffmpeg.exitCode === null) {
      this.ffmpeg.kill('SIGKILL');
      await this.ffmpegExit;
    }
    await Promise.all([this.site, this.live].filter(Boolean).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
    rmSync(this.work, { recursive: true, force: true });
  }
}

/** An ffmpeg media playlist with #EXT-X-PROGRAM-DATE-TIME before each segment, counted from `programDate0`. */
function withProgramDateTimes(text, programDate0) {
  let at = 0;
  const out = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXTINF:')) {
      out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(programDate0 + at * 1000).toISOString()}`);
      at += Number.parseFloat(line.slice(8));
    }
    out.push(line);
  }
  return out.join('\n');
}

function neverLive() {
  return { status: 'idle', since: null, streamId: null, playbackUrl: null, lastLiveAt: null, failureReason: null, dvr: null, thumbnailUrl: null, stale: false, updatedAt: null, viewerCount: null };
}

function send(res, status, type, body, headers = {}) {
  const h = { ...headers };
  if (type) h['Content-Type'] = type;
  res.writeHead(status, h);
  res.end(body ?? undefined);
}

function fail(res, e) {
  if (!res.headersSent) send(res, 500, 'text/plain', String(e && e.stack));
  else res.destroy(e);
}

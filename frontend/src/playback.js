// Playback orchestration: which engine plays what, and where in the stream the viewer is. Live plays from the
// playback URL (IVS player for *.live-video.net, hls.js otherwise); rewinding switches to the recording served by
// the CDN under /ivs/v1/... (always hls.js); going live (or reaching the recording's end) switches back to the edge.
// IVS timing (recording.js): rewind is offered once the recorded playlist can play, a seek lands no later than the
// newest recorded moment, and while the recording is written its playlist stays open (reloaded, ENDLIST ignored).
//
// No buttons here: this module touches only the two <video> elements it plays into. The controls (controls.js)
// call its methods (seekBehind, goLive, togglePlay, setQuality, applyAudio) and render what it emits, so the
// same orchestration could sit behind other controls, and each side can be read without the other.
//
// Events (Emitter, one value each):
//   mode            'live' | 'recording'          the source switched
//   rewind          'ready' | 'waiting' | 'none'  whether the recording behind the live stream can play yet
//   changed         -                             the recording's extent moved: re-render the position now
//   chapters        [{ at, atMs, title }]         the broadcast's chapters (document, then timed metadata)
//   qualities       [levels]                      the current engine's renditions
//   quality         id                            the current engine switched rendition
//   trouble         text | null                   the media source failed / recovered
//   autoplay-muted  -                             the browser only let us play muted (both videos now are)
import { Emitter } from './emitter.js';
import { chapterFromCue, fetchChapters, merge } from './chapters.js';
import { RecordingProbe, clampToRecorded } from './recording.js';
import { LIVE_EDGE_SLACK_SECONDS, behindLive, describeBehind, dvrWindow, recordingPositionMs, seekTarget } from './state.js';

/** Until the recording can play, look again after 3 s, growing to every 15 s (IVS: tens of seconds after live). */
const PROBE_DELAY = Object.freeze({ baseMs: 3000, factor: 1.5, capMs: 15000 });
/** A seek re-reads the recorded playlist unless it was read this recently. */
const PROBE_FRESH_MS = 2000;

async function loadEngine(kind) {
  if (kind === 'ivs') {
    const m = await import('./engines/ivs.js');
    if (m.supported()) return (opts) => new m.IvsEngine(opts);
    // no WebAssembly: IVS playlists are still HLS, so fall through to hls.js
  }
  const m = await import('./engines/hls.js');
  return (opts) => new m.HlsEngine(opts);
}

export class Playback extends Emitter {
  /**
   * @param liveVideo, dvrVideo the <video> elements for the live source and the recording
   * @param announce  the page's screen-reader narration: what a seek or a source switch did
   * @param onTrouble the live source failed (also how a stream ending looks from here): the page asks the status API
   * @param audio     () => ({ volume, muted }): the viewer's audio choice, owned by the controls, applied to each new engine
   */
  /** @param clock the servers' time (clock.js ServerClock): what the recording's date-times are compared with */
  constructor({ liveVideo, dvrVideo, announce, onTrouble, audio, clock = { now: () => Date.now() } }) {
    super();
    this.clock = clock;
    this.liveVideo = liveVideo;
    this.dvrVideo = dvrVideo;
    this.announce = announce;
    this.onTrouble = onTrouble;
    this.audio = audio;
    this.view = null;
    this.mode = 'live';
    this.liveEngine = null;
    this.dvrEngine = null;
    this.generation = 0;
    this.probe = null;
    this.probeTimer = null;
    this.pendingBehindAt = null;
    this.chapters = [];
    this.chaptersUrl = null;
    // reaching the end of the recording means we caught up: back to the live edge
    dvrVideo.addEventListener('ended', () => {
      if (this.mode === 'recording' && this.view) this.goLive();
    });
  }

  /** The element playing now. */
  get video() {
    return this.mode === 'live' ? this.liveVideo : this.dvrVideo;
  }

  get engine() {
    return this.mode === 'live' ? this.liveEngine : this.dvrEngine;
  }

  // ---- lifecycle: the page hands over each live view of the status API -------------------------------

  async start(view) {
    this.stopEngines();
    this.view = view;
    this.watchRecording(view);
    await this.playLive();
  }

  update(view) {
    this.view = view;
    this.watchRecording(view);
  }

  stop() {
    this.stopEngines();
    this.watchRecording(null);
    this.view = null;
  }

  stopEngines() {
    this.generation++;
    if (this.liveEngine) this.liveEngine.destroy();
    if (this.dvrEngine) this.dvrEngine.destroy();
    this.liveEngine = null;
    this.dvrEngine = null;
  }

  // ---- chapters (chapters.js): the broadcast's document on load, then live from the stream's timed metadata ----

  loadChapters(view) {
    const url = (view && view.dvr && view.dvr.chaptersUrl) || null;
    if (url === this.chaptersUrl) return;
    this.chaptersUrl = url;
    this.setChapters([]);
    if (!url) return;
    fetchChapters(url).then((found) => {
      if (this.chaptersUrl === url) this.setChapters(merge(this.chapters, found));
    });
  }

  setChapters(chapters) {
    this.chapters = chapters;
    this.emit('chapters', chapters);
  }

  /** A timed-metadata text from either engine: a chapter marked now by scripts/chapter (others are ignored). */
  onMetadata(text) {
    const c = chapterFromCue(text);
    if (!c || this.chapters.some((x) => x.at === c.at && x.title === c.title)) return;
    this.setChapters(merge(this.chapters, [c]));
    if (this.mode === 'live') this.announce(`New chapter: ${c.title}`);
  }

  // ---- the recording behind the live stream ----------------------------------------------------

  /** Follows the view's recording: polls its playlist (with growing pauses) until it can play, then stops. */
  watchRecording(view) {
    this.loadChapters(view);
    const dvr = view && view.dvr;
    const url = dvr ? new URL(dvr.playlistUrl, location.href).href : null;
    if (this.probe && this.probe.masterUrl === url) {
      this.probe.fallbackStartMs = Date.parse(dvr.startedAt);
      return;
    }
    clearTimeout(this.probeTimer);
    this.probe = dvr ? new RecordingProbe({ playlistUrl: dvr.playlistUrl, fallbackStartMs: Date.parse(dvr.startedAt) }) : null;
    this.emit('rewind', this.rewindState());
    if (this.probe) this.pollRecording(this.probe, 0);
  }

  pollRecording(probe, attempt) {
    probe
      .refresh()
      .catch(() => null) // a network error is one more "not yet"
      .then(() => {
        if (probe !== this.probe) return;
        this.emit('rewind', this.rewindState());
        this.emit('changed');
        if (probe.playable) return;
        const delay = Math.min(PROBE_DELAY.capMs, PROBE_DELAY.baseMs * PROBE_DELAY.factor ** attempt);
        this.probeTimer = setTimeout(() => this.pollRecording(probe, attempt + 1), delay);
      });
  }

  rewindState() {
    return this.probe && this.probe.playable ? 'ready' : this.probe ? 'waiting' : 'none';
  }

  /** The status's dvr with media time 0 where the recording really starts, or null while it cannot play. */
  rewindDvr() {
    const dvr = this.view && this.view.dvr;
    if (!dvr || !this.probe || !this.probe.playable) return null;
    return { ...dvr, startedAt: new Date(this.probe.extent.startMs).toISOString() };
  }

  /** The span the viewer can rewind over at `nowMs` (state.js dvrWindow), or null while the recording cannot play. */
  rewindWindow(nowMs) {
    return dvrWindow(this.rewindDvr(), nowMs);
  }

  /** The recording is still being written: its playlist's end is not the end of anything. */
  recordingOpen() {
    return Boolean(this.view && this.view.dvr && this.view.dvr.recording);
  }

  /** A target past the newest recorded moment lands on it (IVS writes the recording in segments, behind live). */
  async landOnRecorded(target) {
    const probe = this.probe;
    if (this.recordingOpen() && !(Date.now() - probe.checkedAt < PROBE_FRESH_MS)) await probe.refresh().catch(() => null);
    const extent = probe.extent;
    const t = clampToRecorded(target.recordingTime, extent);
    if (t === null || t >= target.recordingTime) return target;
    const positionMs = extent.startMs + t * 1000;
    return { ...target, recordingTime: t, positionMs, behindSeconds: behindLive(this.clock.now(), positionMs) };
  }

  // ---- live and recording ----------------------------------------------------------------------

  async playLive() {
    const gen = ++this.generation;
    if (this.dvrEngine) {
      this.dvrEngine.destroy();
      this.dvrEngine = null;
    }
    this.setMode('live');
    const make = await loadEngine(this.view.engine);
    if (gen !== this.generation || !this.view) return;
    const engine = make({ video: this.liveVideo, live: true });
    this.liveEngine = engine;
    this.wireEngine(engine);
    engine.load(this.view.playbackUrl);
    this.applyAudio();
    this.reportAutoplay(await engine.play());
  }

  async playRecording(target) {
    const dvr = this.view && this.view.dvr;
    if (!dvr) return;
    const gen = ++this.generation;
    if (this.mode === 'recording' && this.dvrEngine) {
      const end = this.dvrEngine.seekableEnd();
      if (end !== null && target.recordingTime <= end) {
        this.pendingBehindAt = { behind: target.behindSeconds, at: Date.now() };
        this.dvrEngine.seek(target.recordingTime);
        this.dvrEngine.play();
        this.announce(`Playing the recording, ${describeBehind(target.behindSeconds)}.`);
        return;
      }
    }
    if (this.liveEngine) {
      this.liveEngine.destroy();
      this.liveEngine = null;
    }
    if (this.dvrEngine) this.dvrEngine.destroy();
    this.setMode('recording');
    this.pendingBehindAt = { behind: target.behindSeconds, at: Date.now() };
    const make = await loadEngine('hls');
    if (gen !== this.generation || !this.view) return;
    const engine = make({ video: this.dvrVideo, live: false });
    this.dvrEngine = engine;
    this.wireEngine(engine);
    engine.load(dvr.playlistUrl, target.recordingTime, { keepOpen: () => this.recordingOpen() });
    this.applyAudio();
    this.announce(`Playing the recording, ${describeBehind(target.behindSeconds)}.`);
    this.reportAutoplay(await engine.play());
  }

  setMode(mode) {
    this.mode = mode;
    this.emit('mode', mode);
  }

  wireEngine(engine) {
    const gen = this.generation;
    const mine = () => gen === this.generation;
    engine.on('qualities', (levels) => mine() && this.emit('qualities', levels));
    engine.on('quality', () => mine() && this.emit('quality', engine.currentQuality()));
    engine.on('recovering', (info) => {
      if (!mine()) return;
      this.emit('trouble', 'Reconnecting…');
      // the live source failing is also how a stream ending looks from here: ask the status API
      if (engine === this.liveEngine) this.onTrouble(info);
    });
    engine.on('recovered', () => mine() && this.emit('trouble', null));
    engine.on('autoplay-muted', () => mine() && this.reportAutoplay('muted'));
    engine.on('metadata', (text) => mine() && this.onMetadata(text));
  }

  reportAutoplay(result) {
    if (result === 'muted') {
      this.liveVideo.muted = true;
      this.dvrVideo.muted = true;
      this.emit('autoplay-muted');
    }
  }

  /** Seek to `secondsBehind` live: the live edge when close enough, else the recording. */
  async seekBehind(secondsBehind) {
    if (!this.view) return;
    const window = this.rewindWindow(this.clock.now());
    const target = seekTarget(window, secondsBehind);
    if (target.live) {
      if (!window && secondsBehind > LIVE_EDGE_SLACK_SECONDS) {
        // nothing recorded that can play yet: say so, and stay where we are (on live, the live edge)
        this.announce('Rewind is not available for this stream yet.');
        if (this.mode === 'live') return;
      }
      return this.goLive();
    }
    const landed = await this.landOnRecorded(target);
    if (!this.view) return;
    return this.playRecording(landed);
  }

  async goLive() {
    if (!this.view) return;
    if (this.mode === 'live' && this.liveEngine) {
      const lat = this.liveEngine.latency();
      if (lat !== null && lat > LIVE_EDGE_SLACK_SECONDS) {
        // paused or drifted on the live source: reload at the edge
        await this.playLive();
      } else {
        this.liveEngine.play();
      }
    } else {
      await this.playLive();
    }
    this.announce('Live.');
  }

  /** Seconds behind the live edge of what plays now. */
  currentBehind() {
    if (!this.view) return 0;
    const dvr = this.rewindDvr() || this.view.dvr;
    if (this.mode === 'recording' && dvr) {
      const dvrVideo = this.dvrVideo;
      if ((dvrVideo.readyState < 1 || dvrVideo.seeking) && this.pendingBehindAt) {
        // the recording is still loading or seeking: its currentTime means nothing yet
        return this.pendingBehindAt.behind + (Date.now() - this.pendingBehindAt.at) / 1000;
      }
      return Math.max(0, (this.clock.now() - recordingPositionMs(dvr, dvrVideo.currentTime)) / 1000);
    }
    const lat = this.liveEngine ? this.liveEngine.latency() : null;
    return lat === null ? 0 : lat;
  }

  // ---- what the controls ask of the engine playing now ---------------------------------------------

  /** Play or pause what plays now; false when no engine is loaded yet (nothing changed). */
  togglePlay() {
    if (!this.engine) return false;
    if (this.video.paused) this.engine.play();
    else this.engine.pause();
    return true;
  }

  currentQuality() {
    return this.engine ? this.engine.currentQuality() : 'auto';
  }

  setQuality(id) {
    if (this.engine) this.engine.setQuality(id);
  }

  /** Applies the controls' volume and mute to both elements and to the engine playing now. */
  applyAudio() {
    const { volume, muted } = this.audio();
    for (const v of [this.liveVideo, this.dvrVideo]) {
      v.volume = volume;
      v.muted = muted;
    }
    if (this.engine) {
      this.engine.setVolume(volume);
      this.engine.setMuted(muted);
    }
  }
}

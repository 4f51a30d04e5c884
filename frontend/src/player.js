// The live/DVR player: loaded lazily once the stream is live. Live plays from the playback URL (IVS
// player for *.live-video.net, hls.js otherwise); rewinding switches to the recording served by the CDN
// under /ivs/v1/... (always hls.js); LIVE (or reaching the recording's end) switches back to the edge.
// IVS timing (recording.js): rewind is offered once the recorded playlist can play, a seek lands no later than the
// newest recorded moment, and while the recording is written its playlist stays open (reloaded, ENDLIST ignored).
import { ChapterView, chapterFromCue, fetchChapters, fractionOf, merge } from './chapters.js';
import { RecordingProbe, clampToRecorded } from './recording.js';
import {
  LIVE_EDGE_SLACK_SECONDS,
  behindLive,
  describeBehind,
  dvrWindow,
  qualityOptions,
  recordingPositionMs,
  seekTarget,
} from './state.js';

const $ = (id) => document.getElementById(id);
const SEEK_STEP_SECONDS = 10;
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

export class Player {
  constructor({ announce, setIndicator, onTrouble }) {
    this.announce = announce;
    this.setIndicator = setIndicator;
    this.onTrouble = onTrouble;
    this.el = {
      screen: $('screen'),
      live: $('live-video'),
      dvr: $('dvr-video'),
      controls: $('controls'),
      seek: $('seek'),
      behind: $('behind'),
      play: $('play'),
      back: $('back10'),
      fwd: $('fwd10'),
      golive: $('golive'),
      mute: $('mute'),
      volume: $('volume'),
      quality: $('quality'),
      pip: $('pip'),
      fullscreen: $('fullscreen'),
    };
    this.view = null;
    this.mode = 'live';
    this.liveEngine = null;
    this.dvrEngine = null;
    this.dragging = false;
    this.troubled = false;
    this.stallTimer = null;
    this.tickTimer = null;
    this.generation = 0;
    this.probe = null;
    this.probeTimer = null;
    this.chapters = [];
    this.chaptersUrl = null;
    this.chapterView = $('chapter-list') && $('chapter-strip')
      ? new ChapterView({
        strip: $('chapter-strip'),
        list: $('chapter-list'),
        onJump: (c) => this.jumpToChapter(c),
        describe: (c) => `${new Date(c.atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} ${c.title}`,
      })
      : null;
    this.bindUi();
  }

  get video() {
    return this.mode === 'live' ? this.el.live : this.el.dvr;
  }

  get engine() {
    return this.mode === 'live' ? this.liveEngine : this.dvrEngine;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async start(view) {
    this.stopEngines();
    this.view = view;
    this.el.controls.hidden = false;
    this.el.pip.hidden = !(document.pictureInPictureEnabled && !this.el.live.disablePictureInPicture);
    this.el.fullscreen.hidden = !document.fullscreenEnabled;
    this.watchRecording(view);
    await this.playLive();
    clearInterval(this.tickTimer);
    this.tickTimer = setInterval(() => this.tick(), 500);
  }

  update(view) {
    this.view = view;
    this.watchRecording(view);
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
    if (this.chapterView) this.chapterView.set(chapters);
    this.placeChapters();
  }

  /** A timed-metadata text from either engine: a chapter marked now by scripts/chapter (others are ignored). */
  onMetadata(text) {
    const c = chapterFromCue(text);
    if (!c || this.chapters.some((x) => x.at === c.at && x.title === c.title)) return;
    this.setChapters(merge(this.chapters, [c]));
    if (this.mode === 'live') this.announce(`New chapter: ${c.title}`);
  }

  placeChapters() {
    if (!this.chapterView) return;
    const window = dvrWindow(this.rewindDvr(), Date.now());
    this.chapterView.place((c) => (window && window.lengthSeconds > LIVE_EDGE_SLACK_SECONDS
      ? fractionOf(c, window.startMs, window.endMs) : null));
  }

  async jumpToChapter(c) {
    await this.seekBehind(Math.max(0, (Date.now() - c.atMs) / 1000));
    // after the seek's own announcements: the last word is the chapter's
    this.announce(`Chapter: ${c.title}`);
  }

  stop() {
    this.stopEngines();
    this.watchRecording(null);
    clearInterval(this.tickTimer);
    clearTimeout(this.stallTimer);
    this.view = null;
    this.el.controls.hidden = true;
    this.el.live.hidden = false;
    this.el.dvr.hidden = true;
    this.setTrouble(null);
    document.documentElement.dataset.mode = 'stopped';
  }

  stopEngines() {
    this.generation++;
    if (this.liveEngine) this.liveEngine.destroy();
    if (this.dvrEngine) this.dvrEngine.destroy();
    this.liveEngine = null;
    this.dvrEngine = null;
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
    this.renderRewind();
    if (this.probe) this.pollRecording(this.probe, 0);
  }

  pollRecording(probe, attempt) {
    probe
      .refresh()
      .catch(() => null) // a network error is one more "not yet"
      .then(() => {
        if (probe !== this.probe) return;
        this.renderRewind();
        this.tick();
        if (probe.playable) return;
        const delay = Math.min(PROBE_DELAY.capMs, PROBE_DELAY.baseMs * PROBE_DELAY.factor ** attempt);
        this.probeTimer = setTimeout(() => this.pollRecording(probe, attempt + 1), delay);
      });
  }

  renderRewind() {
    document.documentElement.dataset.rewind = this.probe && this.probe.playable ? 'ready' : this.probe ? 'waiting' : 'none';
  }

  /** The status's dvr with media time 0 where the recording really starts, or null while it cannot play. */
  rewindDvr() {
    const dvr = this.view && this.view.dvr;
    if (!dvr || !this.probe || !this.probe.playable) return null;
    return { ...dvr, startedAt: new Date(this.probe.extent.startMs).toISOString() };
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
    return { ...target, recordingTime: t, positionMs, behindSeconds: behindLive(Date.now(), positionMs) };
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
    const engine = make({ video: this.el.live, live: true });
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
    const engine = make({ video: this.el.dvr, live: false });
    this.dvrEngine = engine;
    this.wireEngine(engine);
    engine.load(dvr.playlistUrl, target.recordingTime, { keepOpen: () => this.recordingOpen() });
    this.applyAudio();
    this.announce(`Playing the recording, ${describeBehind(target.behindSeconds)}.`);
    this.reportAutoplay(await engine.play());
  }

  setMode(mode) {
    this.mode = mode;
    document.documentElement.dataset.mode = mode;
    this.el.live.hidden = mode !== 'live';
    this.el.dvr.hidden = mode !== 'recording';
    this.el.golive.setAttribute('aria-pressed', String(mode === 'live'));
    // the recording plays through hls.js's automatic quality: say why the menu is disabled
    const q = this.el.quality;
    q.disabled = mode !== 'live';
    q.title = mode === 'live' ? 'Quality' : 'Quality is automatic while rewinding';
    if (mode === 'live') q.removeAttribute('aria-describedby');
    else q.setAttribute('aria-describedby', 'quality-note');
  }

  wireEngine(engine) {
    const gen = this.generation;
    const mine = () => gen === this.generation;
    engine.on('qualities', (levels) => mine() && this.renderQualities(levels));
    engine.on('quality', () => mine() && (this.el.quality.value = engine.currentQuality()));
    engine.on('recovering', (info) => {
      if (!mine()) return;
      this.setTrouble('Reconnecting…');
      // the live source failing is also how a stream ending looks from here: ask the status API
      if (engine === this.liveEngine) this.onTrouble(info);
    });
    engine.on('recovered', () => mine() && this.setTrouble(null));
    engine.on('autoplay-muted', () => mine() && this.reportAutoplay('muted'));
    engine.on('metadata', (text) => mine() && this.onMetadata(text));
  }

  reportAutoplay(result) {
    if (result === 'muted') {
      this.el.live.muted = true;
      this.el.dvr.muted = true;
      this.syncAudioUi();
      this.announce('Playing muted: the browser blocked sound. Press M or Unmute to hear it.');
    }
  }

  /** Seek to `secondsBehind` live: the live edge when close enough, else the recording. */
  async seekBehind(secondsBehind) {
    if (!this.view) return;
    const window = dvrWindow(this.rewindDvr(), Date.now());
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

  currentBehind() {
    if (!this.view) return 0;
    const dvr = this.rewindDvr() || this.view.dvr;
    if (this.mode === 'recording' && dvr) {
      const dvrVideo = this.el.dvr;
      if ((dvrVideo.readyState < 1 || dvrVideo.seeking) && this.pendingBehindAt) {
        // the recording is still loading or seeking: its currentTime means nothing yet
        return this.pendingBehindAt.behind + (Date.now() - this.pendingBehindAt.at) / 1000;
      }
      return Math.max(0, (Date.now() - recordingPositionMs(dvr, this.el.dvr.currentTime)) / 1000);
    }
    const lat = this.liveEngine ? this.liveEngine.latency() : null;
    return lat === null ? 0 : lat;
  }

  // ---- UI ----------------------------------------------------------------------------------------

  tick() {
    if (!this.view) return;
    // rewind is offered once the recording can play, not when the status first names it
    const window = dvrWindow(this.rewindDvr(), Date.now());
    const length = window ? Math.floor(window.lengthSeconds) : 0;
    const behind = Math.min(this.currentBehind(), length || Infinity);
    const text = describeBehind(behind);
    this.el.seek.max = String(length);
    this.el.seek.disabled = length <= LIVE_EDGE_SLACK_SECONDS;
    this.el.back.disabled = this.el.seek.disabled && this.mode === 'live';
    if (!this.dragging) {
      this.el.seek.value = String(Math.max(0, length - Math.round(this.mode === 'live' ? 0 : behind)));
      this.el.seek.setAttribute('aria-valuetext', text);
      this.el.behind.textContent = this.mode === 'live' && behind <= LIVE_EDGE_SLACK_SECONDS ? 'Live' : text;
    }
    document.documentElement.dataset.behind = String(Math.round(behind));
    this.placeChapters();
    this.el.play.dataset.paused = String(this.video.paused);
    this.el.play.setAttribute('aria-label', this.video.paused ? 'Play' : 'Pause');
  }

  renderQualities(levels) {
    const sel = this.el.quality;
    const current = this.engine ? this.engine.currentQuality() : 'auto';
    sel.replaceChildren(
      ...qualityOptions(levels).map((o) => {
        const opt = document.createElement('option');
        opt.value = o.id;
        opt.textContent = o.label;
        return opt;
      }),
    );
    sel.value = current;
  }

  setTrouble(text) {
    this.troubled = Boolean(text);
    this.setIndicator(text);
  }

  applyAudio() {
    const vol = Number(this.el.volume.value);
    const muted = this.el.mute.getAttribute('aria-pressed') === 'true';
    for (const v of [this.el.live, this.el.dvr]) {
      v.volume = vol;
      v.muted = muted;
    }
    if (this.engine) {
      this.engine.setVolume(vol);
      this.engine.setMuted(muted);
    }
  }

  syncAudioUi() {
    const muted = this.video.muted;
    this.el.mute.setAttribute('aria-pressed', String(muted));
    this.el.mute.textContent = muted ? 'Unmute' : 'Mute';
  }

  togglePlay() {
    if (!this.engine) return;
    if (this.video.paused) this.engine.play();
    else this.engine.pause();
    this.tick();
  }

  toggleMute() {
    const muted = !(this.el.mute.getAttribute('aria-pressed') === 'true');
    this.el.mute.setAttribute('aria-pressed', String(muted));
    this.el.mute.textContent = muted ? 'Unmute' : 'Mute';
    this.applyAudio();
  }

  async toggleFullscreen() {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await this.el.screen.requestFullscreen();
    } catch {
      this.announce('Fullscreen is not available here.');
    }
  }

  async togglePip() {
    try {
      if (document.pictureInPictureElement) await document.exitPictureInPicture();
      else await this.video.requestPictureInPicture();
    } catch {
      this.announce('Picture-in-picture is not available right now.');
    }
  }

  bindUi() {
    const e = this.el;
    e.play.addEventListener('click', () => this.togglePlay());
    e.back.addEventListener('click', () => this.seekBehind(this.currentBehind() + SEEK_STEP_SECONDS));
    e.fwd.addEventListener('click', () => this.seekBehind(this.currentBehind() - SEEK_STEP_SECONDS));
    e.golive.addEventListener('click', () => this.goLive());
    e.mute.addEventListener('click', () => this.toggleMute());
    e.volume.addEventListener('input', () => {
      if (Number(e.volume.value) > 0 && e.mute.getAttribute('aria-pressed') === 'true') this.toggleMute();
      else this.applyAudio();
    });
    e.quality.addEventListener('change', () => this.engine && this.engine.setQuality(e.quality.value));
    e.pip.addEventListener('click', () => this.togglePip());
    e.fullscreen.addEventListener('click', () => this.toggleFullscreen());
    e.seek.addEventListener('input', () => {
      this.dragging = true;
      const behind = Number(e.seek.max) - Number(e.seek.value);
      const text = describeBehind(behind);
      e.seek.setAttribute('aria-valuetext', text);
      e.behind.textContent = text;
    });
    // the slider's native arrow step (1 s) is too fine for hours of video, and each step would restart the
    // recording: arrows move 10 s, Page Up/Down a minute, Home the oldest point, End the live edge
    e.seek.addEventListener('keydown', (ev) => {
      const steps = { ArrowLeft: SEEK_STEP_SECONDS, ArrowDown: SEEK_STEP_SECONDS, ArrowRight: -SEEK_STEP_SECONDS, ArrowUp: -SEEK_STEP_SECONDS, PageUp: 60, PageDown: -60 };
      let behind = null;
      if (ev.key in steps) behind = this.currentBehind() + steps[ev.key];
      else if (ev.key === 'Home') behind = Number(e.seek.max);
      else if (ev.key === 'End') behind = 0;
      if (behind === null) return;
      ev.preventDefault();
      this.seekBehind(Math.max(0, behind));
    });
    e.seek.addEventListener('change', () => {
      this.dragging = false;
      this.seekBehind(Number(e.seek.max) - Number(e.seek.value));
    });
    for (const v of [e.live, e.dvr]) {
      v.addEventListener('waiting', () => {
        clearTimeout(this.stallTimer);
        // a short rebuffer is not worth a message; a stall is
        this.stallTimer = setTimeout(() => !this.troubled && this.setIndicator('Buffering…'), 1200);
      });
      v.addEventListener('playing', () => {
        clearTimeout(this.stallTimer);
        if (!this.troubled) this.setIndicator(null);
        this.tick();
      });
      v.addEventListener('pause', () => this.tick());
      v.addEventListener('volumechange', () => v === this.video && this.syncAudioUi());
    }
    // reaching the end of the recording means we caught up: back to the live edge
    e.dvr.addEventListener('ended', () => {
      if (this.mode === 'recording' && this.view) this.goLive();
    });
    document.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  onKey(ev) {
    if (!this.view || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    const tag = t && t.tagName;
    const inRange = tag === 'INPUT';
    const onControl = tag === 'BUTTON' || tag === 'SELECT' || tag === 'A';
    switch (ev.key) {
      case ' ':
        if (onControl || inRange) return; // buttons activate themselves with space
      // falls through
      case 'k':
      case 'K':
        ev.preventDefault();
        this.togglePlay();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (inRange || tag === 'SELECT') return; // the slider / menu handles its own arrows
        ev.preventDefault();
        this.seekBehind(this.currentBehind() + (ev.key === 'ArrowLeft' ? SEEK_STEP_SECONDS : -SEEK_STEP_SECONDS));
        break;
      case 'l':
      case 'L':
        this.goLive();
        break;
      case 'f':
      case 'F':
        this.toggleFullscreen();
        break;
      case 'm':
      case 'M':
        this.toggleMute();
        break;
      default:
    }
  }
}

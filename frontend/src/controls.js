// The player's controls: buttons, LIVE, keyboard, the seek (rewind) bar, quality and audio, the chapter list and
// the page attributes tests and styles read (html[data-mode], data-behind, data-rewind). Everything here is DOM;
// what plays and where is playback.js's. The controls call its methods and render its events (see its header),
// so a control never reaches into an engine and the orchestration never touches a button.
import { ChapterView, fractionOf } from './chapters.js';
import { LIVE_EDGE_SLACK_SECONDS, describeBehind, qualityOptions } from './state.js';

const $ = (id) => document.getElementById(id);
const SEEK_STEP_SECONDS = 10;
/** A short rebuffer is not worth a message; a stall this long is. */
const STALL_MS = 1200;
const TICK_MS = 500;

export class Controls {
  /**
   * @param playback     the Playback (playback.js) these controls drive
   * @param announce     the page's screen-reader narration
   * @param setIndicator the page's quiet indicator, our part of it (stall, source trouble); null clears it
   */
  constructor({ playback, announce, setIndicator }) {
    this.playback = playback;
    this.announce = announce;
    this.setIndicator = setIndicator;
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
    this.dragging = false;
    this.troubled = false;
    this.stallTimer = null;
    this.tickTimer = null;
    this.chapterView = $('chapter-list') && $('chapter-strip')
      ? new ChapterView({
        strip: $('chapter-strip'),
        list: $('chapter-list'),
        onJump: (c) => this.jumpToChapter(c),
        describe: (c) => `${new Date(c.atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} ${c.title}`,
      })
      : null;
    this.follow(playback);
    this.bindUi();
  }

  /** The controls' audio choice; playback applies it to each engine it creates. */
  audio() {
    return { volume: Number(this.el.volume.value), muted: this.el.mute.getAttribute('aria-pressed') === 'true' };
  }

  // ---- lifecycle (player.js) ----------------------------------------------------------------------

  show() {
    this.el.controls.hidden = false;
    this.el.pip.hidden = !(document.pictureInPictureEnabled && !this.el.live.disablePictureInPicture);
    this.el.fullscreen.hidden = !document.fullscreenEnabled;
  }

  startTicking() {
    clearInterval(this.tickTimer);
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
  }

  stop() {
    clearInterval(this.tickTimer);
    clearTimeout(this.stallTimer);
    this.el.controls.hidden = true;
    this.el.live.hidden = false;
    this.el.dvr.hidden = true;
    this.setTrouble(null);
    document.documentElement.dataset.mode = 'stopped';
  }

  // ---- what playback reports ----------------------------------------------------------------------

  follow(playback) {
    playback.on('mode', (mode) => this.renderMode(mode));
    playback.on('rewind', (state) => (document.documentElement.dataset.rewind = state));
    playback.on('changed', () => this.tick());
    playback.on('chapters', (chapters) => {
      if (this.chapterView) this.chapterView.set(chapters);
      this.placeChapters();
    });
    playback.on('qualities', (levels) => this.renderQualities(levels));
    playback.on('quality', (id) => (this.el.quality.value = id));
    playback.on('trouble', (text) => this.setTrouble(text));
    playback.on('autoplay-muted', () => {
      this.syncAudioUi();
      this.announce('Playing muted: the browser blocked sound. Press M or Unmute to hear it.');
    });
  }

  renderMode(mode) {
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

  renderQualities(levels) {
    const sel = this.el.quality;
    const current = this.playback.currentQuality();
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

  // ---- chapters -------------------------------------------------------------------------------------

  placeChapters() {
    if (!this.chapterView) return;
    const window = this.playback.rewindWindow(this.playback.clock.now());
    this.chapterView.place((c) => (window && window.lengthSeconds > LIVE_EDGE_SLACK_SECONDS
      ? fractionOf(c, window.startMs, window.endMs) : null));
  }

  async jumpToChapter(c) {
    await this.playback.seekBehind(Math.max(0, (this.playback.clock.now() - c.atMs) / 1000));
    // after the seek's own announcements: the last word is the chapter's
    this.announce(`Chapter: ${c.title}`);
  }

  // ---- the position: seek bar, "x behind", play/pause state ------------------------------------------

  tick() {
    const p = this.playback;
    if (!p.view) return;
    // rewind is offered once the recording can play, not when the status first names it
    const window = p.rewindWindow(p.clock.now());
    const length = window ? Math.floor(window.lengthSeconds) : 0;
    const behind = Math.min(p.currentBehind(), length || Infinity);
    const text = describeBehind(behind);
    this.el.seek.max = String(length);
    this.el.seek.disabled = length <= LIVE_EDGE_SLACK_SECONDS;
    this.el.back.disabled = this.el.seek.disabled && p.mode === 'live';
    if (!this.dragging) {
      this.el.seek.value = String(Math.max(0, length - Math.round(p.mode === 'live' ? 0 : behind)));
      this.el.seek.setAttribute('aria-valuetext', text);
      this.el.behind.textContent = p.mode === 'live' && behind <= LIVE_EDGE_SLACK_SECONDS ? 'Live' : text;
    }
    document.documentElement.dataset.behind = String(Math.round(behind));
    this.placeChapters();
    this.el.play.dataset.paused = String(p.video.paused);
    this.el.play.setAttribute('aria-label', p.video.paused ? 'Play' : 'Pause');
  }

  /** Seek by `seconds` from where the viewer is now (positive: further back). */
  step(seconds) {
    return this.playback.seekBehind(this.playback.currentBehind() + seconds);
  }

  // ---- buttons ------------------------------------------------------------------------------------------

  togglePlay() {
    if (this.playback.togglePlay()) this.tick();
  }

  syncAudioUi() {
    const muted = this.playback.video.muted;
    this.el.mute.setAttribute('aria-pressed', String(muted));
    this.el.mute.textContent = muted ? 'Unmute' : 'Mute';
  }

  toggleMute() {
    const muted = !(this.el.mute.getAttribute('aria-pressed') === 'true');
    this.el.mute.setAttribute('aria-pressed', String(muted));
    this.el.mute.textContent = muted ? 'Unmute' : 'Mute';
    this.playback.applyAudio();
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
      else await this.playback.video.requestPictureInPicture();
    } catch {
      this.announce('Picture-in-picture is not available right now.');
    }
  }

  bindUi() {
    const e = this.el;
    const p = this.playback;
    e.play.addEventListener('click', () => this.togglePlay());
    e.back.addEventListener('click', () => this.step(SEEK_STEP_SECONDS));
    e.fwd.addEventListener('click', () => this.step(-SEEK_STEP_SECONDS));
    e.golive.addEventListener('click', () => p.goLive());
    e.mute.addEventListener('click', () => this.toggleMute());
    e.volume.addEventListener('input', () => {
      if (Number(e.volume.value) > 0 && e.mute.getAttribute('aria-pressed') === 'true') this.toggleMute();
      else p.applyAudio();
    });
    e.quality.addEventListener('change', () => p.setQuality(e.quality.value));
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
      if (ev.key in steps) behind = p.currentBehind() + steps[ev.key];
      else if (ev.key === 'Home') behind = Number(e.seek.max);
      else if (ev.key === 'End') behind = 0;
      if (behind === null) return;
      ev.preventDefault();
      p.seekBehind(Math.max(0, behind));
    });
    e.seek.addEventListener('change', () => {
      this.dragging = false;
      p.seekBehind(Number(e.seek.max) - Number(e.seek.value));
    });
    for (const v of [e.live, e.dvr]) {
      v.addEventListener('waiting', () => {
        clearTimeout(this.stallTimer);
        this.stallTimer = setTimeout(() => !this.troubled && this.setIndicator('Buffering…'), STALL_MS);
      });
      v.addEventListener('playing', () => {
        clearTimeout(this.stallTimer);
        if (!this.troubled) this.setIndicator(null);
        this.tick();
      });
      v.addEventListener('pause', () => this.tick());
      v.addEventListener('volumechange', () => v === p.video && this.syncAudioUi());
    }
    document.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  onKey(ev) {
    if (!this.playback.view || ev.ctrlKey || ev.metaKey || ev.altKey) return;
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
        this.step(ev.key === 'ArrowLeft' ? SEEK_STEP_SECONDS : -SEEK_STEP_SECONDS);
        break;
      case 'l':
      case 'L':
        this.playback.goLive();
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

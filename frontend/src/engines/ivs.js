// Amazon IVS player engine for *.live-video.net playback URLs (low-latency live). Its wasm worker and
// wasm binary are bundled into our own assets (hashed, same origin) — never loaded from a third-party CDN,
// so the CSP stays 'self' + 'wasm-unsafe-eval'.
import { create, isPlayerSupported, PlayerEventType, PlayerState, ErrorType } from 'amazon-ivs-player';
import wasmWorker from 'amazon-ivs-player/dist/assets/amazon-ivs-wasmworker.min.js?url';
import wasmBinary from 'amazon-ivs-player/dist/assets/amazon-ivs-wasmworker.min.wasm?url';
import { Emitter } from '../emitter.js';

export function supported() {
  return isPlayerSupported;
}

export class IvsEngine extends Emitter {
  constructor({ video }) {
    super();
    this.video = video;
    this.player = null;
    this.url = null;
    this.recovering = false;
    this.retryTimer = null;
    this.retries = 0;
  }

  load(url) {
    this.url = url;
    const player = create({ wasmWorker: new URL(wasmWorker, location.href).href, wasmBinary: new URL(wasmBinary, location.href).href });
    this.player = player;
    player.attachHTMLVideoElement(this.video);
    player.setLiveLowLatencyEnabled(true);
    player.setRebufferToLive(true);
    player.addEventListener(PlayerState.READY, () => this.emit('qualities', this.qualities()));
    player.addEventListener(PlayerEventType.QUALITY_CHANGED, () => this.emit('quality', this.currentQuality()));
    player.addEventListener(PlayerState.PLAYING, () => {
      if (this.recovering) {
        this.recovering = false;
        this.retries = 0;
        this.emit('recovered');
      }
    });
    player.addEventListener(PlayerEventType.ERROR, (err) => this.onError(err));
    // IVS timed metadata (PutMetadata): the player fires TEXT_METADATA_CUE with the text as the stream reaches it
    // (https://aws.github.io/amazon-ivs-player-docs/1.51.0-rc.2/web/interfaces/TextMetadataCue.html)
    player.addEventListener(PlayerEventType.TEXT_METADATA_CUE, (cue) => this.emit('metadata', cue && cue.text));
    // autoplay with sound refused: IVS tells us, we retry muted and let the page offer "unmute"
    player.addEventListener(PlayerEventType.PLAYBACK_BLOCKED, () => {
      player.setMuted(true);
      player.play();
      this.emit('autoplay-muted');
    });
    player.load(url);
  }

  onError(err) {
    this.recovering = true;
    const attempt = this.retries++;
    this.emit('recovering', { type: err && err.type, details: err && err.message, attempt, notAvailable: err && err.type === ErrorType.NOT_AVAILABLE });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.player) return;
      this.player.load(this.url);
      this.player.play();
    }, Math.min(10000, 1000 * 2 ** attempt));
  }

  async play() {
    if (this.player) this.player.play();
    return 'playing';
  }

  pause() {
    if (this.player) this.player.pause();
  }

  setMuted(m) {
    if (this.player) this.player.setMuted(m);
  }

  setVolume(v) {
    if (this.player) this.player.setVolume(v);
  }

  qualities() {
    if (!this.player) return [];
    return this.player.getQualities().map((q) => ({ id: q.name, height: q.height, bitrate: q.bitrate, name: q.name }));
  }

  currentQuality() {
    if (!this.player) return 'auto';
    return this.player.isAutoQualityMode() ? 'auto' : this.player.getQuality().name;
  }

  setQuality(id) {
    if (!this.player) return;
    if (id === 'auto') {
      this.player.setAutoQualityMode(true);
      return;
    }
    const q = this.player.getQualities().find((x) => x.name === id);
    if (q) this.player.setQuality(q, false);
  }

  latency() {
    if (!this.player) return null;
    const l = this.player.getLiveLatency();
    return Number.isFinite(l) ? l : null;
  }

  destroy() {
    clearTimeout(this.retryTimer);
    if (this.player) this.player.delete();
    this.player = null;
  }
}

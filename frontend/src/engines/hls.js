// hls.js engine: plays plain HLS (the local platform's live source, and the DVR recording on every
// platform — Chromium has no native HLS). Recovers from network and media errors by itself and reports
// it through 'recovering' / 'recovered' so the page can show a quiet indicator.
import Hls from 'hls.js/dist/hls.light.mjs';
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';
import { Emitter } from '../emitter.js';
import { id3TextValues } from '../chapters.js';
import { stripEndlist } from '../recording.js';

const RETRY_MS = [1000, 2000, 4000, 8000, 10000];

export function supported(video) {
  return Hls.isSupported() || Boolean(video.canPlayType('application/vnd.apple.mpegurl'));
}

/**
 * hls.js's playlist loader, except that while `keepOpen()` says the recording is still being written, a media
 * playlist's #EXT-X-ENDLIST is dropped: hls.js then treats the recording as the growing EVENT playlist it is and
 * reloads it, instead of playing to its current end and stopping there (IVS may or may not write ENDLIST while live).
 */
function playlistLoader(keepOpen) {
  const Base = Hls.DefaultConfig.loader;
  return class OpenRecordingLoader extends Base {
    load(context, config, callbacks) {
      const onSuccess = callbacks.onSuccess;
      const wrapped = {
        ...callbacks,
        onSuccess: (response, stats, ctx, networkDetails) => {
          if (keepOpen() && typeof response.data === 'string') response.data = stripEndlist(response.data);
          onSuccess(response, stats, ctx, networkDetails);
        },
      };
      super.load(context, config, wrapped);
    }
  };
}

export class HlsEngine extends Emitter {
  /** @param {{video: HTMLVideoElement, live: boolean}} opts */
  constructor({ video, live }) {
    super();
    this.video = video;
    this.live = live;
    this.hls = null;
    this.url = null;
    this.retries = 0;
    this.retryTimer = null;
    this.destroyed = false;
    this.levelsSeen = [];
  }

  /**
   * @param {string} url
   * @param {number} startPosition media seconds, -1 for hls.js's own choice (the live edge)
   * @param {{keepOpen?: () => boolean}} opts keepOpen: the recording is still being written (see playlistLoader)
   */
  load(url, startPosition = -1, { keepOpen = null } = {}) {
    this.url = url;
    this.startPosition = startPosition;
    this.keepOpen = keepOpen;
    if (!Hls.isSupported()) {
      // Safari / iOS: native HLS. Quality selection is then the browser's.
      this.video.src = url;
      if (startPosition >= 0) {
        this.video.addEventListener('loadedmetadata', () => (this.video.currentTime = startPosition), { once: true });
      }
      return;
    }
    this.createHls();
  }

  createHls() {
    const hls = new Hls({
      workerPath: hlsWorkerUrl,
      lowLatencyMode: this.live,
      liveSyncDurationCount: 3,
      // a viewer who fell behind on live (a stall, a background tab) is brought back to the edge
      liveMaxLatencyDurationCount: this.live ? 6 : Infinity,
      backBufferLength: this.live ? 30 : 90,
      startPosition: this.startPosition,
      manifestLoadingMaxRetry: 2,
      levelLoadingMaxRetry: 3,
      fragLoadingMaxRetry: 4,
      ...(this.keepOpen ? { pLoader: playlistLoader(this.keepOpen) } : {}),
    });
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
      this.levelsSeen = data.levels.map((l, i) => ({ id: String(i), height: l.height, bitrate: l.bitrate, name: l.name }));
      this.emit('qualities', this.levelsSeen);
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, () => this.emit('quality', this.currentQuality()));
    hls.on(Hls.Events.FRAG_BUFFERED, () => {
      if (this.retries > 0) {
        this.retries = 0;
        this.emit('recovered');
      }
    });
    hls.on(Hls.Events.ERROR, (_e, data) => this.onError(data));
    // IVS timed metadata (PutMetadata) is an ID3 tag in the segments: its TXXX text, as the IVS player hands it over
    hls.on(Hls.Events.FRAG_PARSING_METADATA, (_e, data) => {
      for (const sample of data.samples || []) {
        for (const text of id3TextValues(sample.data)) this.emit('metadata', text);
      }
    });
    hls.attachMedia(this.video);
    hls.loadSource(this.url);
  }

  onError(data) {
    if (!data.fatal || this.destroyed) return;
    const attempt = this.retries++;
    this.emit('recovering', { type: data.type, details: data.details, attempt });
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && attempt < 2) {
      this.hls.recoverMediaError();
      return;
    }
    // network (or repeated media) failure: rebuild the pipeline after a growing pause
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.destroyed) return;
      const resumeAt = this.live ? -1 : this.video.currentTime;
      this.hls.destroy();
      this.startPosition = resumeAt;
      this.createHls();
    }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
  }

  /** Starts playback; when the browser refuses sound without a gesture, plays muted and says so. */
  async play() {
    try {
      await this.video.play();
      return 'playing';
    } catch (e) {
      if (e && e.name === 'NotAllowedError' && !this.video.muted) {
        this.video.muted = true;
        await this.video.play().catch(() => {});
        return 'muted';
      }
      // AbortError: the source was still loading (e.g. a live playlist with one segment so far). Nobody
      // else will ask again, so play as soon as the media can — otherwise the page sits paused on "live".
      if (!this.destroyed) {
        this.video.addEventListener('canplay', () => {
          if (!this.destroyed && this.video.paused) this.video.play().catch(() => {});
        }, { once: true });
      }
      return 'pending';
    }
  }

  pause() {
    this.video.pause();
  }

  setMuted(m) {
    this.video.muted = m;
  }

  setVolume(v) {
    this.video.volume = v;
  }

  qualities() {
    return this.levelsSeen;
  }

  currentQuality() {
    if (!this.hls) return 'auto';
    return this.hls.autoLevelEnabled ? 'auto' : String(this.hls.currentLevel);
  }

  setQuality(id) {
    if (!this.hls) return;
    // nextLevel switches at the next fragment: no rebuffer, unlike currentLevel
    this.hls.nextLevel = id === 'auto' ? -1 : Number(id);
  }

  /** Seconds behind the live edge of the playlist (live only), or null when unknown. */
  latency() {
    if (!this.hls || !this.live) return null;
    const l = this.hls.latency;
    return Number.isFinite(l) ? l : null;
  }

  /** End of what is seekable in the loaded playlist (recording), in media seconds. */
  seekableEnd() {
    const s = this.video.seekable;
    return s && s.length ? s.end(s.length - 1) : null;
  }

  seek(time) {
    this.video.currentTime = time;
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    if (this.hls) this.hls.destroy();
    this.hls = null;
    this.video.removeAttribute('src');
    this.video.load();
  }
}

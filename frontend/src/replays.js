// Past broadcasts: the list under the player (newest first, "More" pages on), the replay page at #/replay/<id>
// (a shareable address; full seeking with the video element's own controls), and, right after a stream ends,
// the offer to watch the broadcast that just ended. Its own module: main.js only tells it the status documents.
import { ChapterView, fetchChapters } from './chapters.js';
import { RecordingProbe, mediaTimeAt } from './recording.js';
import { RecordingsClient, describeDuration, justEnded, replayRoute } from './recordings-api.js';
import { formatClock } from './state.js';

const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
};

const label = (r) => r.title || `Broadcast of ${new Date(r.startedAt).toLocaleDateString(undefined, { dateStyle: 'long' })}`;
const startedText = (r) => `Started ${new Date(r.startedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;

// IVS writes the Recording End only after the reconnect window: look for the just-ended recording this long, this often.
const OFFER_LOOK_MS = 15 * 60 * 1000;
const OFFER_POLL_MS = 10 * 1000;

export class Replays {
  /** @param {{announce: (text: string) => void, onRouteChange: (active: boolean) => void}} opts */
  constructor({ announce = () => {}, onRouteChange = () => {}, client = new RecordingsClient(), clock = { now: () => Date.now() } } = {}) {
    this.clock = clock; // the servers' time (clock.js): lastLiveAt is theirs
    this.announce = announce;
    this.onRouteChange = onRouteChange;
    this.client = client;
    this.next = null;
    this.loaded = [];
    this.engine = null;
    this.offerTimer = null;
    this.offered = null;
    // the /embed page is the player alone: no list, no replay route
    this.disabled = document.documentElement.classList.contains('embed');
    if (this.disabled) return;
    this.build();
    window.addEventListener('hashchange', () => this.route());
    this.loadFirst();
    this.route();
  }

  active() {
    return !this.disabled && replayRoute(location.hash) !== null;
  }

  build() {
    const stage = document.getElementById('stage');
    this.list = el('ul', { className: 'past-list', id: 'past-list' });
    this.more = el('button', { type: 'button', className: 'past-more', textContent: 'More past broadcasts', hidden: true });
    this.more.addEventListener('click', () => this.loadMore());
    this.empty = el('p', { className: 'muted', id: 'past-empty', textContent: 'Loading past broadcasts…' });
    this.section = el('section', { className: 'past', id: 'past' },
      el('h2', { id: 'past-title', textContent: 'Past broadcasts' }), this.empty, this.list, this.more);
    this.section.setAttribute('aria-labelledby', 'past-title');
    stage.append(this.section);

    this.back = el('a', { href: '#/', className: 'replay-back', textContent: '← Back to the live page' });
    this.heading = el('h2', { id: 'replay-title', tabIndex: -1 });
    this.meta = el('p', { className: 'muted', id: 'replay-meta' });
    this.video = el('video', { id: 'replay-video', className: 'replay-video', controls: true, playsInline: true, preload: 'metadata' });
    this.video.setAttribute('aria-label', 'Recorded broadcast');
    this.error = el('p', { id: 'replay-error', className: 'replay-error', hidden: true });
    // chapters (scripts/chapter): markers on a strip under the video (its own controls cannot hold them) and buttons
    this.chapterStrip = el('div', { className: 'replay-chapters chapter-strip-replay', id: 'replay-chapter-strip', hidden: true });
    this.chapterList = el('ol', { className: 'chapter-list', id: 'replay-chapter-list', hidden: true });
    this.chapterList.setAttribute('aria-label', 'Chapters');
    this.chapterView = new ChapterView({
      strip: this.chapterStrip,
      list: this.chapterList,
      onJump: (c) => this.jumpToChapter(c),
      describe: (c) => this.describeChapter(c),
    });
    this.view = el('section', { className: 'replay', id: 'replay', hidden: true }, this.back, this.heading, this.meta, this.video,
      this.chapterStrip, this.chapterList, this.error);
    this.view.setAttribute('aria-labelledby', 'replay-title');
    stage.prepend(this.view);

    this.offer = el('a', { id: 'just-ended', className: 'just-ended', textContent: 'Watch the broadcast that just ended', hidden: true });
    const card = document.querySelector('#offline .offline-card');
    if (card) card.append(this.offer);
  }

  item(r) {
    const a = el('a', { href: `#/replay/${r.id}`, className: 'past-item' });
    if (r.thumbnailUrl) a.append(el('img', { src: r.thumbnailUrl, alt: '', loading: 'lazy', className: 'past-thumb' }));
    else a.append(el('span', { className: 'past-thumb past-thumb-none' }));
    a.append(el('span', { className: 'past-text' },
      el('span', { className: 'past-name', textContent: label(r) }),
      el('span', { className: 'past-when muted', textContent: `${startedText(r)} · ${describeDuration(r.durationSeconds)}` })));
    return el('li', {}, a);
  }

  render() {
    this.list.replaceChildren(...this.loaded.map((r) => this.item(r)));
    this.empty.hidden = this.loaded.length > 0;
    this.empty.textContent = 'No past broadcasts yet.';
    this.more.hidden = !this.next;
  }

  async loadFirst() {
    try {
      const { recordings, next } = await this.client.page();
      this.loaded = recordings;
      this.next = next;
      this.render();
    } catch {
      this.empty.hidden = false;
      this.empty.textContent = 'Past broadcasts cannot be loaded right now.';
    }
  }

  async loadMore() {
    if (!this.next) return;
    try {
      const { recordings, next } = await this.client.page(this.next);
      const known = new Set(this.loaded.map((r) => r.id));
      this.loaded.push(...recordings.filter((r) => !known.has(r.id)));
      this.next = next;
      this.render();
      this.announce(`${recordings.length} more past broadcasts.`);
    } catch {
      this.announce('More past broadcasts cannot be loaded right now.');
    }
  }

  async route() {
    const id = replayRoute(location.hash);
    const root = document.documentElement;
    if (!id) {
      if (root.dataset.route === 'replay') {
        this.stopPlayback();
        this.view.hidden = true;
        delete root.dataset.route;
        this.onRouteChange(false);
      }
      return;
    }
    root.dataset.route = 'replay';
    this.view.hidden = false;
    this.error.hidden = true;
    this.heading.textContent = 'Loading the broadcast…';
    this.meta.textContent = '';
    this.onRouteChange(true);
    let r;
    try {
      r = this.loaded.find((x) => x.id === id) || (await this.client.find(id));
    } catch {
      r = undefined;
    }
    if (replayRoute(location.hash) !== id) return; // moved on meanwhile
    if (!r) {
      this.heading.textContent = 'This broadcast is not available';
      this.error.hidden = false;
      this.error.textContent = r === null ? 'It may have expired, or the address is wrong.' : 'The list of past broadcasts cannot be loaded right now; try again shortly.';
      this.heading.focus();
      return;
    }
    this.heading.textContent = label(r);
    this.meta.textContent = `${startedText(r)} · ${describeDuration(r.durationSeconds)}`;
    document.title = `${label(r)} · OnAir`;
    this.heading.focus();
    this.announce(`Replay: ${label(r)}.`);
    await this.play(r);
  }

  /**
   * Where a chapter is in the replay (seconds), or null when the recording does not hold that moment. Read from the
   * recording's own program date-times (recording.js), the one source that is right for every engine: Chromium
   * plays HLS natively and has no getStartDate(), and the list's startedAt (Recording End time minus the recorded
   * duration) is late by the reconnect window and any gap. Until the playlist is read, a chapter has no place.
   */
  chapterTime(c) {
    return this.timeline ? mediaTimeAt(this.timeline, c.atMs) : null;
  }

  describeChapter(c) {
    const t = this.chapterTime(c);
    return t === null ? c.title : `${formatClock(t)} ${c.title}`;
  }

  placeChapters() {
    const length = this.timeline ? this.timeline.totalSeconds : 0;
    this.chapterView.place((c) => {
      const t = this.chapterTime(c);
      return t === null || !(length > 0) ? null : Math.min(1, t / length);
    });
    this.chapterView.list.querySelectorAll('.chapter-text').forEach((b, i) => {
      b.textContent = this.describeChapter(this.chapterView.chapters[i]);
    });
  }

  async loadChapters(r) {
    this.chapterView.set([]);
    const found = await fetchChapters(r.chaptersUrl);
    if (this.current !== r) return;
    this.chapterView.set(found);
    this.placeChapters();
  }

  /** The recorded media playlist (its segments' date-times), read through the CDN as the player reads it. */
  async loadTimeline(r) {
    const probe = new RecordingProbe({ playlistUrl: r.playlistUrl, fallbackStartMs: Date.parse(r.startedAt) });
    try {
      await probe.refresh();
    } catch {
      return; // network failure: chapters stay listed without a place; the video itself reports its own errors
    }
    if (this.current !== r || !probe.parsed) return;
    this.timeline = probe.parsed;
    this.placeChapters();
  }

  jumpToChapter(c) {
    const t = this.chapterTime(c);
    if (t === null) return;
    this.video.currentTime = t;
    this.video.play().catch(() => {});
    this.announce(`Chapter: ${c.title}`);
  }

  async play(r) {
    this.stopPlayback();
    this.current = r;
    this.timeline = null;
    this.video.dataset.recording = r.id;
    this.loadChapters(r);
    this.loadTimeline(r);
    if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.video.src = r.playlistUrl;
      return;
    }
    const [{ default: Hls }, { default: workerPath }] = await Promise.all([
      import('hls.js/dist/hls.light.mjs'),
      import('hls.js/dist/hls.worker.js?url'),
    ]);
    if (!Hls.isSupported()) {
      this.error.hidden = false;
      this.error.textContent = 'This browser cannot play the recording.';
      return;
    }
    // A finished recording (#EXT-X-ENDLIST): a plain VOD, every second seekable.
    const hls = new Hls({ workerPath, startPosition: 0 });
    this.engine = hls;
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      this.error.hidden = false;
      this.error.textContent = 'The recording could not be played (it may have expired).';
      hls.destroy();
      if (this.engine === hls) this.engine = null;
    });
    hls.loadSource(r.playlistUrl);
    hls.attachMedia(this.video);
  }

  stopPlayback() {
    this.current = null;
    this.chapterView.set([]);
    if (this.engine) {
      this.engine.destroy();
      this.engine = null;
    }
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    document.title = 'OnAir';
  }

  /** Every status document main.js applies: offers the broadcast that just ended while the page is offline. */
  onStatus(doc) {
    if (this.disabled) return;
    clearTimeout(this.offerTimer);
    if (!doc || doc.status !== 'idle' || !doc.lastLiveAt || this.clock.now() - Date.parse(doc.lastLiveAt) > 6 * 3600 * 1000) {
      this.offer.hidden = true;
      return;
    }
    if (this.offered && this.offered.lastLiveAt === doc.lastLiveAt) {
      this.offer.hidden = false;
      return;
    }
    const look = async (until) => {
      try {
        const { recordings, next } = await this.client.page();
        const r = justEnded(recordings, doc.lastLiveAt);
        if (r) {
          this.offered = { lastLiveAt: doc.lastLiveAt, id: r.id };
          this.offer.href = `#/replay/${r.id}`;
          this.offer.hidden = false;
          this.loaded = [...recordings, ...this.loaded.filter((x) => !recordings.some((y) => y.id === x.id))];
          if (this.next === null) this.next = next;
          this.render();
          this.announce('The broadcast that just ended can be watched now.');
          return;
        }
      } catch {
        // try again below
      }
      if (this.clock.now() < until) this.offerTimer = setTimeout(() => look(until), OFFER_POLL_MS);
    };
    look(Date.parse(doc.lastLiveAt) + OFFER_LOOK_MS);
  }
}

// The channel's info on the page: title and description (scripts/channel), and on the offline page a countdown to
// the announced next stream with "Add to calendar". Every value is set as text (never as HTML).
import { buildIcs, downloadIcs } from './calendar.js';

const $ = (id) => document.getElementById(id);

/** "in 2 days 3 h", "in 3 h 04 min", "in 4 min 05 s", or "any moment now" once the time has come. */
export function describeCountdown(at, now) {
  let s = Math.floor((at.getTime() - now.getTime()) / 1000);
  if (s <= 0) return 'any moment now';
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (d > 0) return `in ${d} day${d === 1 ? '' : 's'} ${h} h`;
  if (h > 0) return `in ${h} h ${pad(m)} min`;
  return `in ${m} min ${pad(s)} s`;
}

export class ChannelInfo {
  constructor({ clock = () => new Date(), location = window.location } = {}) {
    this.clock = clock;
    this.location = location;
    this.el = {
      section: $('channel'),
      title: $('channel-title'),
      description: $('channel-description'),
      next: $('next-stream'),
      nextText: $('next-stream-text'),
      calendar: $('add-to-calendar'),
    };
    this.doc = null;
    this.offline = false;
    this.timer = null;
    if (this.el.calendar) this.el.calendar.addEventListener('click', () => this.addToCalendar());
  }

  /** Shows the document's title/description; the countdown only while offline and a time is announced. */
  update(doc, { offline }) {
    this.doc = doc;
    this.offline = offline;
    const { section, title, description } = this.el;
    if (section) {
      section.hidden = !doc.title && !doc.description;
      title.textContent = doc.title || '';
      title.hidden = !doc.title;
      description.textContent = doc.description || '';
    }
    if (doc.title) document.title = `${doc.title} · OnAir`;
    this.renderNext();
  }

  renderNext() {
    clearTimeout(this.timer);
    const { next, nextText } = this.el;
    if (!next) return;
    const at = this.doc && this.doc.nextStreamAt ? new Date(this.doc.nextStreamAt) : null;
    if (!this.offline || !at) {
      next.hidden = true;
      return;
    }
    const now = this.clock();
    const when = at.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
    nextText.textContent = `Next stream ${when}, ${describeCountdown(at, now)}.`;
    next.hidden = false;
    // once a second while counting the last hour, else once a minute; the status poll refreshes the document
    const left = at.getTime() - now.getTime();
    if (left > 0) this.timer = setTimeout(() => this.renderNext(), left < 3600_000 ? 1000 : 30_000);
  }

  icsText() {
    const doc = this.doc;
    return buildIcs({
      title: doc.title || 'OnAir live stream',
      description: doc.description,
      start: new Date(doc.nextStreamAt),
      url: `${this.location.origin}/`,
      now: this.clock(),
      host: this.location.hostname,
    });
  }

  addToCalendar() {
    if (!this.doc || !this.doc.nextStreamAt) return;
    downloadIcs(this.icsText());
  }
}

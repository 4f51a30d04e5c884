// Entry point of the viewer page. Only the status loop and the offline view load up front; the player
// (and its engine: hls.js or the IVS SDK) is imported when the stream is live, so the offline first view
// stays small.
import { StatusClient } from './api.js';
import { ServerClock } from './clock.js';
import { describeAgo, nextCheckDelay, nextView } from './state.js';
import { renderReconnecting, renderViewers } from './presence.js';
import { Replays } from './replays.js';
import { ChannelInfo } from './channel.js';

const $ = (id) => document.getElementById(id);
const ui = {
  badge: $('badge'),
  offline: $('offline'),
  title: $('offline-title'),
  detail: $('offline-detail'),
  next: $('offline-next'),
  thumb: $('thumb'),
  announcer: $('announcer'),
  indicator: $('indicator'),
  viewers: $('viewers'),
};

// The servers' time, learnt from the status answers: the DVR and "x ago" compare it with times they wrote.
const clock = new ServerClock();
const client = new StatusClient({ clock });
// the schedule's countdown stays on the device's clock: it is shown beside the viewer's own time, to the minute
const channel = new ChannelInfo();
let view = null;
let timer = null;
let player = null;
let playerLoading = null;
let checking = false;
let statusFailures = 0; // status checks in a row that failed (network, timeout, HTTP error, bad document)
let playerIndicator = ''; // what the player wants shown (stall, live source trouble); wins over ours
let appliedDoc = null; // the status document the page currently shows (identity: 304 answers reuse it)

function announce(text) {
  // re-set so that screen readers announce repeated messages too
  if (ui.announcer.textContent === text) ui.announcer.textContent = '';
  ui.announcer.textContent = text;
}

// One quiet indicator, two sources: the player (its media) and this status loop (the API). Each sets its
// own part, so the player recovering does not hide an API outage and vice versa.
function renderIndicator() {
  const text = playerIndicator || (statusFailures > 0 ? 'Reconnecting…' : '');
  ui.indicator.hidden = !text;
  ui.indicator.textContent = text;
}

function setPlayerIndicator(text) {
  playerIndicator = text || '';
  renderIndicator();
}

function renderOffline(v) {
  document.documentElement.dataset.view = v.kind;
  ui.badge.dataset.kind = 'offline';
  ui.badge.textContent = 'Offline';
  ui.offline.hidden = false;
  ui.title.textContent = v.kind === 'ended' ? 'The stream has ended' : 'The stream is offline';
  const ago = v.lastLiveAt ? describeAgo(v.lastLiveAt, clock.now()) : null;
  const parts = [];
  if (ago) parts.push(`Last live ${ago} (${new Date(v.lastLiveAt).toLocaleString()}).`);
  else if (v.kind !== 'ended') parts.push('Nothing has been broadcast yet.');
  if (v.failureReason) parts.push(`The last stream stopped: ${v.failureReason}.`);
  if (v.stale) parts.push('(status may be out of date)');
  ui.detail.textContent = parts.join(' ');
  ui.next.textContent = 'This page starts playing by itself when the stream goes live.';
  if (v.thumbnailUrl) {
    if (ui.thumb.getAttribute('src') !== v.thumbnailUrl) ui.thumb.src = v.thumbnailUrl;
    ui.thumb.hidden = false;
  } else {
    ui.thumb.hidden = true;
    ui.thumb.removeAttribute('src');
  }
}

async function ensurePlayer() {
  if (player) return player;
  if (!playerLoading) {
    playerLoading = import('./player.js').then(({ Player }) => {
      player = new Player({ announce, setIndicator: setPlayerIndicator, onTrouble: () => checkSoon(1500), clock });
      return player;
    });
    playerLoading.catch(() => (playerLoading = null));
  }
  return playerLoading;
}

async function apply(next) {
  const prev = view;
  view = next;
  renderViewers(ui.viewers, next);
  // a replay (#/replay/<id>) has the screen: the live player waits until the viewer goes back
  if (next.kind === 'live' && replays.active()) {
    if (player) player.stop();
    return;
  }
  if (next.kind === 'reconnecting') {
    renderReconnecting(ui, next);
    // a running player stays: the recording goes on, so rewind keeps working (its LIVE waits for the new stream)
    if (player && player.view && !replays.active()) player.update({ ...player.view, dvr: next.dvr || player.view.dvr });
    if (!prev || prev.kind !== 'reconnecting') announce('The broadcaster is reconnecting.');
    return;
  }
  if (next.kind === 'live') {
    document.documentElement.dataset.view = 'live';
    ui.badge.dataset.kind = 'live';
    ui.badge.textContent = 'LIVE';
    try {
      const p = await ensurePlayer();
      if (view !== next) return; // state moved on while the player module loaded
      ui.offline.hidden = true;
      const back = prev && prev.kind === 'reconnecting' && p.view;
      if (back && p.mode === 'recording') {
        // back from a reconnect while the viewer rewinds: keep their place; LIVE now goes to the new stream
        p.update(next);
        announce('The broadcaster is back: the stream is live again.');
      } else if (!prev || prev.kind !== 'live' || next.restarted || !p.view) {
        announce('The stream is live.');
        await p.start(next);
      } else {
        p.update(next);
      }
    } catch (e) {
      // the player code could not be loaded (network): show the previous state, the next check retries
      view = prev;
      throw e;
    }
    return;
  }
  if (player) player.stop();
  renderOffline(next);
  if (prev && prev.kind === 'live' && next.kind === 'ended') announce('The stream has ended.');
  else if (!prev || prev.kind !== next.kind) announce(next.kind === 'ended' ? 'The stream has ended.' : 'The stream is offline.');
}

async function check() {
  if (checking) return;
  checking = true;
  clearTimeout(timer);
  try {
    const { doc, changed } = await client.fetch();
    if (statusFailures > 0) {
      statusFailures = 0;
      renderIndicator();
    }
    if (doc !== appliedDoc || changed) {
      // the channel's info first: it does not wait for the player to load or start
      channel.update(doc, { offline: doc.status !== 'live' });
      await apply(nextView(view, doc));
      appliedDoc = doc;
      replays.onStatus(doc);
    }
  } catch (e) {
    // keep showing the last known truth; say quietly that we are retrying
    statusFailures += 1;
    if (!view) {
      ui.title.textContent = 'Cannot reach the stream status right now';
      ui.detail.textContent = 'Retrying automatically…';
      document.documentElement.dataset.view = 'error';
    }
    renderIndicator();
  } finally {
    checking = false;
    schedule(nextCheckDelay(view, Math.random, statusFailures));
  }
}

function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(check, ms);
}

/** The player saw trouble (e.g. the live playlist disappeared): ask the status API soon. */
function checkSoon(ms) {
  if (checking) return;
  schedule(ms);
}

// coming back to the tab or the network is a good moment to look again
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') checkSoon(250);
});
window.addEventListener('online', () => checkSoon(250));
window.addEventListener('unhandledrejection', (e) => {
  // media promises (play() interrupted by a source change) are expected; keep the console clean
  if (e.reason && (e.reason.name === 'AbortError' || e.reason.name === 'NotAllowedError')) e.preventDefault();
});

// Past broadcasts (replays.js). Leaving a replay re-applies the status from scratch, so a live stream starts again.
const replays = new Replays({
  announce,
  clock,
  onRouteChange: (active) => {
    view = null;
    appliedDoc = null;
    if (active && player) player.stop();
    checkSoon(active ? 1000 : 50);
  },
});

check();

// The two live-adjacent bits of the page: the viewer count beside the LIVE badge, and the "reconnecting" card
// (the broadcaster dropped; IVS keeps the recording open for its reconnect window, so rewind keeps working).
// Pure text helpers are exported for unit tests; the render functions only touch the elements they are given.

/** "1 watching" / "1,234 watching"; null (hide) when the count is unknown or the stream is not live. */
export function describeViewers(count, locale = undefined) {
  if (!Number.isSafeInteger(count) || count < 0) return null;
  return `${count.toLocaleString(locale)} watching`;
}

/** Shows the count while live (IVS GetStream viewerCount, refreshed about every 30 s), hides it otherwise. */
export function renderViewers(el, view) {
  const text = view && view.kind === 'live' ? describeViewers(view.viewerCount) : null;
  el.hidden = !text;
  el.textContent = text || '';
  if (text) el.title = 'Concurrent views, as Amazon IVS counts them (updated about every 30 seconds)';
}

/** The card's text while the broadcaster reconnects. */
export function reconnectingText(view) {
  const parts = ['The stream stopped a moment ago; it continues here if the broadcaster is back within a minute or so.'];
  if (view.dvr) parts.push('You can rewind the broadcast meanwhile.');
  if (view.stale) parts.push('(status may be out of date)');
  return { title: 'The broadcaster is reconnecting…', detail: parts.join(' ') };
}

/** Card + last thumbnail over the (stalled) live picture; CSS hides the card while the viewer watches the recording. */
export function renderReconnecting(ui, view) {
  document.documentElement.dataset.view = 'reconnecting';
  ui.badge.dataset.kind = 'reconnecting';
  ui.badge.textContent = 'Reconnecting';
  ui.offline.hidden = false;
  const { title, detail } = reconnectingText(view);
  ui.title.textContent = title;
  ui.detail.textContent = detail;
  ui.next.textContent = 'This page goes back to live by itself.';
  if (view.thumbnailUrl) {
    if (ui.thumb.getAttribute('src') !== view.thumbnailUrl) ui.thumb.src = view.thumbnailUrl;
    ui.thumb.hidden = false;
  } else {
    ui.thumb.hidden = true;
    ui.thumb.removeAttribute('src');
  }
}

// "Add to calendar": an iCalendar (RFC 5545) event for the announced next stream, made in the browser.
// RFC 5545: lines end in CRLF (3.1), content lines are folded at 75 octets with CRLF + one space (3.1, never inside
// a UTF-8 sequence), TEXT values escape backslash, semicolon, comma and line breaks (3.3.11), every VEVENT has a
// UID and a DTSTAMP (3.6.1), dates in UTC end in Z (3.3.5); VCALENDAR needs PRODID and VERSION (3.6).

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(s) {
  return String(s)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line at 75 octets (RFC 5545 3.1), never splitting a UTF-8 character. */
export function foldLine(line) {
  const out = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // continuation lines start with a space, which counts
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(CRLF + ' ');
}

/** 2026-12-24T18:00:00Z -> 20261224T180000Z (RFC 5545 3.3.5, UTC form). */
export function icsDate(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * The .ics text for one event.
 * @param {{title: string, description?: string|null, start: Date, durationMinutes?: number, url: string, now?: Date, host?: string}} e
 */
export function buildIcs({ title, description = null, start, durationMinutes = 60, url, now = new Date(), host = 'onair' }) {
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  // one UID per announced stream and site: adding the same event twice updates it instead of duplicating it
  const uid = `${icsDate(start)}-next-stream@${String(host).replace(/[^A-Za-z0-9.-]/g, '') || 'onair'}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OnAir//Next stream//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(start)}`,
    `DTEND:${icsDate(end)}`,
    `SUMMARY:${escapeText(title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(`${description}\n\n${url}`)}`] : [`DESCRIPTION:${escapeText(url)}`]),
    `URL:${url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Offers the file to the browser as a download (a blob: URL; nothing leaves the page). */
export function downloadIcs(text, filename = 'next-stream.ics') {
  const blob = new Blob([text], { type: 'text/calendar;charset=utf-8' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

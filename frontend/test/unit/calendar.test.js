import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, icsDate } from '../../src/calendar.js';
import { describeCountdown } from '../../src/channel.js';

const event = {
  title: 'Friday build; Q&A, live',
  description: 'Line one\nLine two with a back\\slash',
  start: new Date('2026-12-24T18:00:00Z'),
  url: 'https://live.example.com/',
  now: new Date('2026-12-01T12:34:56.789Z'),
  host: 'live.example.com',
};

describe('Add to calendar (RFC 5545)', () => {
  const ics = buildIcs(event);
  const lines = ics.split('\r\n');

  it('uses CRLF line ends only, and ends with one', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('is one VCALENDAR (VERSION, PRODID) with one VEVENT that has UID, DTSTAMP, DTSTART, DTEND in UTC', () => {
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain('UID:20261224T180000Z-next-stream@live.example.com');
    expect(lines).toContain('DTSTAMP:20261201T123456Z');
    expect(lines).toContain('DTSTART:20261224T180000Z');
    expect(lines).toContain('DTEND:20261224T190000Z');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(lines.at(-1)).toBe('');
  });

  it('escapes TEXT values: backslash, semicolon, comma, line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(lines).toContain('SUMMARY:Friday build\\; Q&A\\, live');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('DESCRIPTION:Line one\\nLine two with a back\\\\slash\\n\\nhttps://live.example.com/');
  });

  it('folds lines longer than 75 octets without splitting a UTF-8 character', () => {
    const long = buildIcs({ ...event, title: 'é'.repeat(100) + '🎥'.repeat(30) });
    for (const l of long.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    const unfolded = long.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:' + 'é'.repeat(100) + '🎥'.repeat(30));
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe('x'.repeat(75) + '\r\n x');
  });

  it('an event without description still links the page', () => {
    const plain = buildIcs({ ...event, description: null });
    expect(plain.split('\r\n')).toContain('DESCRIPTION:https://live.example.com/');
    expect(icsDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
  });
});

describe('countdown', () => {
  const at = new Date('2026-12-24T18:00:00Z');
  it('says days, hours, minutes and seconds as the time nears', () => {
    expect(describeCountdown(at, new Date('2026-12-21T15:00:00Z'))).toBe('in 3 days 3 h');
    expect(describeCountdown(at, new Date('2026-12-23T17:00:00Z'))).toBe('in 1 day 1 h');
    expect(describeCountdown(at, new Date('2026-12-24T14:55:00Z'))).toBe('in 3 h 05 min');
    expect(describeCountdown(at, new Date('2026-12-24T17:55:30Z'))).toBe('in 4 min 30 s');
    expect(describeCountdown(at, at)).toBe('any moment now');
    expect(describeCountdown(at, new Date('2026-12-24T19:00:00Z'))).toBe('any moment now');
  });
});

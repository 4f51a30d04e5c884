import { describe, expect, it } from 'vitest';
import { MIN_OFFSET_MS, ServerClock } from '../../src/clock.js';
import { StatusClient } from '../../src/api.js';
import { behindLive } from '../../src/state.js';

// A device clock that reads `skewMs` off the servers' (which are at `server`): what the page would compute.
function device(server, skewMs) {
  return { now: () => server.ms + skewMs };
}
const headers = (h) => new Headers(h);
const httpDate = (ms) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();

describe('ServerClock', () => {
  it('learns a device clock two minutes slow from Date and Age, and rewinds measure from the servers\' now', () => {
    const server = { ms: Date.parse('2026-12-03T10:00:00.300Z') };
    const dev = device(server, -120_000);
    const clock = new ServerClock({ deviceNow: dev.now });
    // an answer made 3 s ago and served from the edge's cache (Age: 3), 80 ms round trip
    const sent = dev.now();
    server.ms += 80;
    clock.observe(headers({ date: httpDate(server.ms - 3000), age: '3' }), sent, dev.now());
    expect(Math.abs(clock.now() - server.ms)).toBeLessThanOrEqual(1000);
    // a recorded moment 30 s before the servers' now is 30 s behind live, not 150
    expect(behindLive(clock.now(), server.ms - 30_000)).toBeGreaterThan(29);
    expect(behindLive(clock.now(), server.ms - 30_000)).toBeLessThan(31);
    expect(behindLive(dev.now(), server.ms - 30_000)).toBe(0); // the device clock alone: "Live"
  });

  it('leaves a clock within the headers\' resolution alone', () => {
    const server = { ms: Date.parse('2026-12-03T10:00:00.900Z') };
    const dev = device(server, 700);
    const clock = new ServerClock({ deviceNow: dev.now });
    for (let i = 0; i < 5; i++) {
      clock.observe(headers({ date: httpDate(server.ms) }), dev.now(), dev.now());
      server.ms += 4000;
    }
    expect(clock.offsetMs).toBe(0);
    expect(MIN_OFFSET_MS).toBeGreaterThan(1000);
  });

  it('rides out one odd answer (the median of the last five) and ignores answers without a Date', () => {
    const server = { ms: Date.parse('2026-12-03T10:00:00.500Z') };
    const dev = device(server, 60_000);
    const clock = new ServerClock({ deviceNow: dev.now });
    const answers = [0, 0, -600_000, 0, 0]; // one answer 10 minutes stale (a misbehaving cache)
    for (const stale of answers) {
      clock.observe(headers({ date: httpDate(server.ms + stale) }), dev.now(), dev.now());
      server.ms += 4000;
    }
    expect(Math.abs(clock.offsetMs + 60_000)).toBeLessThanOrEqual(1000);
    const before = clock.offsetMs;
    clock.observe(headers({}), dev.now(), dev.now());
    clock.observe(headers({ date: 'yesterday' }), dev.now(), dev.now());
    expect(clock.offsetMs).toBe(before);
  });

  it('is told every status answer by StatusClient, refused ones too', async () => {
    const seen = [];
    const clock = { observe: (h, sent, received) => seen.push([h.get('date'), received >= sent]) };
    const body = JSON.stringify({ status: 'idle' });
    const answers = [
      new Response(body, { status: 200, headers: { date: 'Thu, 03 Dec 2026 10:00:00 GMT', etag: '"v1"' } }),
      new Response(null, { status: 304, headers: { date: 'Thu, 03 Dec 2026 10:00:04 GMT' } }),
    ];
    const client = new StatusClient({ clock, fetchImpl: async () => answers.shift() });
    await client.fetch().catch(() => null); // the body is no valid document: the clock still learns
    await client.fetch().catch(() => null); // a 304 without a document to reuse: refused, still a server time
    expect(seen).toEqual([['Thu, 03 Dec 2026 10:00:00 GMT', true], ['Thu, 03 Dec 2026 10:00:04 GMT', true]]);
  });
});

import { describe, expect, it } from 'vitest';
import { describeViewers, reconnectingText } from '../../src/presence.js';

describe('viewer count text', () => {
  it('shows a known count, hides an unknown one', () => {
    expect(describeViewers(0, 'en-US')).toBe('0 watching');
    expect(describeViewers(1, 'en-US')).toBe('1 watching');
    expect(describeViewers(1234, 'en-US')).toBe('1,234 watching');
    for (const unknown of [null, undefined, -1, 1.5, '3', NaN]) expect(describeViewers(unknown)).toBeNull();
  });
});

describe('reconnecting card', () => {
  it('says the broadcaster is reconnecting, and that rewind works when there is a recording', () => {
    const withDvr = reconnectingText({ dvr: { playlistUrl: '/x' }, stale: false });
    expect(withDvr.title).toBe('The broadcaster is reconnecting…');
    expect(withDvr.detail).toContain('rewind');
    expect(reconnectingText({ dvr: null, stale: false }).detail).not.toContain('rewind');
    expect(reconnectingText({ dvr: null, stale: true }).detail).toContain('out of date');
  });
});

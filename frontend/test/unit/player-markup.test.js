// The player's markup is written once (player.html) and put into both pages by vite.config.js's includePlayer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { includePlayer } from '../../vite.config.js';

const read = (f) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
const partial = read('player.html');
const ids = (html) => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);

describe('one player markup for both pages', () => {
  const index = includePlayer(read('index.html'), partial, 'index.html');
  const embed = includePlayer(read('embed.html'), partial, 'embed.html');

  it('puts every element of player.html into each page, once, and no mark or partial comment', () => {
    const player = ids(partial);
    expect(player).toContain('live-video');
    expect(player).toContain('chapter-list');
    for (const page of [index, embed]) {
      for (const id of player) expect(ids(page).filter((x) => x === id)).toHaveLength(1);
      expect(page).not.toMatch(/onair:(player|screen-top)/);
      expect(page).not.toContain("The player's markup, shared");
    }
  });

  it("puts the embed's badge and viewer count first inside #screen, and the page's own elements where they were", () => {
    expect(embed).toMatch(/<div id="screen" class="screen">\n {8}<p id="badge"[^\n]*\n {8}<p id="viewers"[^\n]*\n {8}<video id="live-video"/);
    expect(index).toMatch(/<div id="screen" class="screen">\n {8}<video id="live-video"/);
    expect(index.indexOf('id="controls"')).toBeLessThan(index.indexOf('id="channel"'));
    expect(embed.indexOf('id="controls"')).toBeLessThan(embed.indexOf('id="announcer"'));
  });
});

describe('a page or partial without its marks is a clear error', () => {
  const page = (body) => `<main>\n${body}\n</main>\n`;
  it('names the page and the missing or repeated block', () => {
    expect(() => includePlayer(page('<p>no player</p>'), partial, 'x.html')).toThrow(/x\.html: needs exactly one <!-- onair:player -->…<!-- \/onair:player --> block .*found 0 opening and 0 closing/);
    const twice = '<!-- onair:player --><!-- /onair:player -->\n<!-- onair:player --><!-- /onair:player -->';
    expect(() => includePlayer(page(twice), partial, 'x.html')).toThrow(/found 2 opening and 2 closing/);
    expect(() => includePlayer(page('<!-- /onair:player --><!-- onair:player -->'), partial, 'x.html')).toThrow(/x\.html: .* must start a line/);
  });
  it('names the partial when its screen-top mark is missing', () => {
    const block = page('  <!-- onair:player --><!-- /onair:player -->');
    expect(() => includePlayer(block, '<div id="screen"></div>\n')).toThrow(/player\.html: needs exactly one <!-- onair:screen-top --> mark/);
    expect(includePlayer(block, '<div id="screen">\n  <!-- onair:screen-top -->\n</div>\n')).toBe('<main>\n  <div id="screen">\n  </div>\n</main>\n');
  });
});

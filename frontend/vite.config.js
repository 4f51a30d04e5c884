import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const OPEN = '<!-- onair:player -->';
const CLOSE = '<!-- /onair:player -->';
const SLOT = '<!-- onair:screen-top -->';
const PLAYER_HTML = fileURLToPath(new URL('./player.html', import.meta.url));

const indentOf = (line) => /^[ \t]*/.exec(line)[0];
const count = (text, mark) => text.split(mark).length - 1;

/**
 * The page `page` (index.html or embed.html) with its player block replaced by the shared markup `partial`
 * (player.html, whose opening comment is dropped). What the page writes inside its block goes at the partial's
 * screen-top mark. Indentation follows the page's, so the built HTML reads as if written by hand. A page or
 * partial without exactly one well-placed mark is an error that names the file and the mark: a page silently
 * shipped without its player would only show up in the browser.
 */
export function includePlayer(page, partial, name = 'the page') {
  if (count(page, OPEN) !== 1 || count(page, CLOSE) !== 1) {
    throw new Error(`${name}: needs exactly one ${OPEN}…${CLOSE} block where the player goes (found ${count(page, OPEN)} opening and ${count(page, CLOSE)} closing marks)`);
  }
  const block = /^([ \t]*)<!-- onair:player -->([\s\S]*?)<!-- \/onair:player -->[ \t]*\n/m.exec(page);
  if (!block) throw new Error(`${name}: ${OPEN} must start a line and ${CLOSE} must come after it and end its line`);
  const body = partial.replace(/^<!--[\s\S]*?-->\n/, '');
  if (count(body, SLOT) !== 1) throw new Error(`player.html: needs exactly one ${SLOT} mark (inside #screen)`);
  const indent = block[1];
  const inner = block[2].split('\n').filter((l) => l.trim() !== '');
  const innerIndent = inner.reduce((min, l) => (indentOf(l).length < min.length ? indentOf(l) : min), inner.length ? indentOf(inner[0]) : '');
  const lines = [];
  for (const line of body.replace(/\n$/, '').split('\n')) {
    if (line.includes(SLOT)) {
      // the page's own elements at the top of #screen, indented like the line the mark was on
      for (const l of inner) lines.push(indent + indentOf(line) + l.slice(innerIndent.length));
    } else {
      lines.push(line === '' ? '' : indent + line);
    }
  }
  return page.slice(0, block.index) + lines.join('\n') + '\n' + page.slice(block.index + block[0].length);
}

/** Vite: both pages get player.html at build time and in the dev server (a change to it reloads the page). */
function playerMarkup() {
  return {
    name: 'onair-player-markup',
    transformIndexHtml: {
      order: 'pre', // before Vite reads the page's tags, so the partial's markup is the page's
      handler: (html, ctx) => (ctx.filename === PLAYER_HTML ? html : includePlayer(html, readFileSync(PLAYER_HTML, 'utf8'), ctx.filename)),
    },
    handleHotUpdate({ file, server }) {
      if (file !== PLAYER_HTML) return undefined;
      server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}

export default defineConfig({
  plugins: [playerMarkup()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2020',
    // the IVS wasm worker (~200 kB) and wasm (~1.4 MB) must stay separate files, never inlined
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    // two pages, one player: / (index.html, with the link previews) and /embed (embed.html: the player alone);
    // the player's markup is written once, in player.html (playerMarkup above)
    rollupOptions: {
      input: { main: 'index.html', embed: 'embed.html' },
    },
  },
  test: {
    include: ['test/unit/**/*.test.js'],
    environment: 'node',
  },
});

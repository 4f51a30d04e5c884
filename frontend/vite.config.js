import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2020',
    // the IVS wasm worker (~200 kB) and wasm (~1.4 MB) must stay separate files, never inlined
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    // two pages, one player: / (index.html, with the link previews) and /embed (embed.html: the player alone)
    rollupOptions: {
      input: { main: 'index.html', embed: 'embed.html' },
    },
  },
  test: {
    include: ['test/unit/**/*.test.js'],
    environment: 'node',
  },
});

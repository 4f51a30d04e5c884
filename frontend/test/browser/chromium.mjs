// The browser the browser tests drive: Debian's Chromium through playwright-core (never a downloaded browser), and
// the accessibility check they share. One place for the launch flags, so every test runs the same browser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * Headless /usr/bin/chromium. `autoplay: true` lets video play without a user gesture (the player tests that watch
 * playback). Playwright gives every launch a new empty profile directory (it refuses --user-data-dir).
 */
export function launchChromium({ autoplay = false } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: autoplay ? [...FLAGS, '--autoplay-policy=no-user-gesture-required'] : FLAGS,
  });
}

/** axe-core's serious and critical violations on the page, as "id: help (nodes)" lines. */
export async function axeSerious(page) {
  // evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

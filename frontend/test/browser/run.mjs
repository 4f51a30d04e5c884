// npm run test:browser: builds the site when dist/ is missing or older than the sources, then runs the
// browser tests with node's test runner (its summary lines are what CI reads).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const newest = (p) => {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(join(p, f))));
};
const built = join(root, 'dist', 'index.html');
const sourcesAt = Math.max(newest(join(root, 'src')), newest(join(root, 'index.html')), newest(join(root, 'embed.html')), newest(join(root, 'player.html')), newest(join(root, 'vite.config.js')), newest(join(root, 'package-lock.json')));
if (!existsSync(built) || statSync(built).mtimeMs < sourcesAt) {
  console.log('building the site (vite build)…');
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const tests = readdirSync(join(root, 'test', 'browser')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('test', 'browser', f));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...tests], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

// The release and operations scripts against the local platform (or, with --own-moto, a private moto_server; see
// stack.mjs): two releases, a release whose smoke test fails, what is deployed deciding what ships, a release that
// fails half-way, scripts/rollback, scripts/deploy-frontend and scripts/stream-key. The checks run in order: each
// release builds on the one before, as in a real sequence of releases.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  aliasVersion, aws, awsOrNull, describeVersion, exited, expect, figure, publishedVersions, releaseLib, ROOT,
  runLogged, scratchRepo, start, stop, tmpDir, zipWithEntry,
} from './lib.mjs';
import { openStack } from './stack.mjs';

const script = (name) => path.join(ROOT, 'scripts', name);
const work = tmpDir('rehearsal-release');
let s; // the stack
let env;
let repo; // scratch repository: v1.1.0 (c1), v1.2.0 (c2: the function changes), v1.2.1 (c3: only the page changes)
let c1;
let c2;
let c3;

describe('release scripts', () => {
  before(async () => {
    s = await openStack(work);
    env = s.env;
    repo = await scratchRepo(path.join(work, 'deployed'), [
      { files: { 'frontend/a': 'a\n', 'lambda/b': 'b\n', 'terraform/c': 'c\n' }, tag: 'v1.1.0' },
      { files: { 'lambda/b': 'b2\n' }, tag: 'v1.2.0' },
      { files: { 'frontend/a': 'a2\n' }, tag: 'v1.2.1' },
    ]);
    [c1, c2, c3] = ['v1.1.0', 'v1.2.0', 'v1.2.1'].map(repo.rev);
  });

  after(async () => {
    if (s) await s.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  // A copy of the function zip with one more entry naming the release: a release always ships different code, and
  // Lambda publishes a new version only for changed code (same zip => same version, correctly).
  function zipForRelease(label) {
    const dest = path.join(work, `${label}.zip`);
    zipWithEntry(s.functionZip, dest, 'RELEASE', `${label}\n`);
    return dest;
  }

  function deployLambda(name, label, extra) {
    return runLogged(work, name, script('deploy-lambda'), [
      '--function', s.statusFn, '--function', s.eventsFn, '--alias', s.alias, '--zip', zipForRelease(label),
      '--artifacts-bucket', s.artifacts, '--release', label, ...extra,
    ], { env });
  }

  const latest = async (fn) => (await publishedVersions(env, fn)).at(-1);

  describe('releases', () => {
    const counts = {};
    let second;
    test('two releases deployed and smoke-tested (v0.0.1-rehearsal.1 and .2)', async (t) => {
      counts.status = (await publishedVersions(env, s.statusFn)).length;
      counts.events = (await publishedVersions(env, s.eventsFn)).length;
      for (const n of [1, 2]) {
        const r = await deployLambda(`release-${n}`, `v0.0.1-rehearsal.${n}`,
          ['--commit', c1, '--smoke-url', `${s.smokeBase}/api/stream`, '--smoke-timeout', '120']);
        exited(r, 0, `release v0.0.1-rehearsal.${n} (deploy-lambda)`);
        figure(t, `v0.0.1-rehearsal.${n}: ${r.out.split('\n').filter((l) => l.includes('->')).join('; ').trim()}`);
      }
    });
    test('status function: two new published versions', async (t) => {
      expect(t, (await publishedVersions(env, s.statusFn)).length - counts.status, 2);
    });
    test('events function: two new published versions', async (t) => {
      expect(t, (await publishedVersions(env, s.eventsFn)).length - counts.events, 2);
    });
    test('status function: alias on the second release\'s version', async (t) => {
      second = await latest(s.statusFn);
      expect(t, await aliasVersion(env, s.statusFn, s.alias), second);
    });
    test('events function: alias on the second release\'s version', async (t) => {
      expect(t, await aliasVersion(env, s.eventsFn, s.alias), await latest(s.eventsFn));
    });
    test('the second release\'s version is described by its release label and commit', async (t) => {
      expect(t, await describeVersion(env, s.statusFn, second), `v0.0.1-rehearsal.2 ${c1}`);
    });
    test('the first release\'s version is described by its release label and commit', async (t) => {
      expect(t, await describeVersion(env, s.statusFn, second - 1), `v0.0.1-rehearsal.1 ${c1}`);
    });
    test('one code object per release in the artifacts bucket', async (t) => {
      const list = await aws(env, ['s3api', 'list-objects-v2', '--bucket', s.artifacts, '--prefix', 'function/onair-function-v0.0.1-rehearsal.']);
      expect(t, (list?.Contents || []).length, 2);
    });
  });

  describe('a release whose smoke test fails is rolled back by itself', () => {
    let r;
    let second;
    test('deploy-lambda exits non-zero on the failed smoke test', async (t) => {
      second = await aliasVersion(env, s.statusFn, s.alias);
      r = await deployLambda('release-3', 'v0.0.1-rehearsal.3',
        ['--commit', c2, '--smoke-url', `${s.smokeBase}/api/rehearsal-no-such-path`, '--smoke-timeout', '5']);
      exited(r, 'non-zero', 'deploy-lambda with a smoke test that cannot pass');
      figure(t, `exit ${r.code}`);
    });
    test('it says it rolled back', (t) => {
      const line = r.out.split('\n').find((l) => l.includes('rolled back'));
      assert.ok(line, `no 'rolled back' message in its output\n${r.out.slice(-800)}`);
      figure(t, line.trim());
    });
    test('status function: the version of the failed release was published', async (t) => {
      expect(t, await describeVersion(env, s.statusFn, second + 1), `v0.0.1-rehearsal.3 ${c2}`);
    });
    test('status function: alias back on the second release', async (t) => {
      expect(t, await aliasVersion(env, s.statusFn, s.alias), second);
    });
    test('events function: alias back on the second release', async (t) => {
      expect(t, await aliasVersion(env, s.eventsFn, s.alias), (await latest(s.eventsFn)) - 1);
    });
  });

  describe('what is deployed decides what ships: v1.2.0\'s function was rolled back, v1.2.1 changes only the page', () => {
    const changes = async (...deployed) => {
      const r = await releaseLib('release_changes', ['v1.2.1', ...deployed], { cwd: repo.dir, env });
      assert.equal(r.code, 0, `release_changes exited ${r.code}: ${r.stderr}`);
      return Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    };
    const deployedLambda = async (...fns) => (await releaseLib('release_deployed_lambda', [s.alias, ...fns], { env })).stdout;
    let live;
    test('the commit behind the alias (read back from the version description) is v1.1.0\'s, not the failed v1.2.0\'s', async (t) => {
      live = await deployedLambda(s.statusFn, s.eventsFn);
      expect(t, live, c1);
    });
    test('v1.2.1 against what is deployed: the function ships again, and the page', async (t) => {
      const c = await changes(`lambda=${live}`, `frontend=${c2}`, `terraform=${c2}`);
      expect(t, `frontend=${c.frontend} lambda=${c.lambda}`, 'frontend=true lambda=true');
    });
    test('(against the previous tag, as before, the function would not ship)', async (t) => {
      expect(t, `lambda=${(await changes(`lambda=${c2}`, `frontend=${c2}`, `terraform=${c2}`)).lambda}`, 'lambda=false');
    });
    test('an alias that cannot be read counts as not deployed: the function ships', async (t) => {
      const unreadable = await deployedLambda(s.statusFn, 'onair-rehearsal-no-such-function');
      expect(t, `lambda=${(await changes(`lambda=${unreadable}`)).lambda}`, 'lambda=true');
    });
    const record = () => `s3://${s.artifacts}/rehearsal/terraform.tfstate.release`;
    test('the Terraform record beside the state reads back', async (t) => {
      const w = await releaseLib('release_record_terraform', [record(), c1, 'v1.1.0'], { env });
      assert.equal(w.code, 0, `release_record_terraform exited ${w.code}: ${w.stderr}`);
      expect(t, (await releaseLib('release_deployed_terraform', [record()], { env })).stdout, c1);
    });
    test('no Terraform record: nothing deployed', async (t) => {
      expect(t, (await releaseLib('release_deployed_terraform', [`s3://${s.artifacts}/rehearsal/none.release`], { env })).stdout, '');
    });
  });

  describe('a release that fails half-way (second function missing) leaves no alias moved', () => {
    let aliasBefore;
    test('deploy-lambda exits non-zero on the missing function', async (t) => {
      aliasBefore = await aliasVersion(env, s.statusFn, s.alias);
      const r = await runLogged(work, 'release-4', script('deploy-lambda'), [
        '--function', s.statusFn, '--function', 'onair-rehearsal-no-such-function', '--alias', s.alias,
        '--zip', path.join(work, 'v0.0.1-rehearsal.3.zip'), '--artifacts-bucket', s.artifacts, '--release', 'v0.0.1-rehearsal.4',
      ], { env });
      exited(r, 'non-zero', 'deploy-lambda with a function that does not exist');
      figure(t, `exit ${r.code}`);
    });
    test('status function: alias put back where it was', async (t) => {
      expect(t, await aliasVersion(env, s.statusFn, s.alias), aliasBefore);
    });
  });

  describe('scripts/rollback', () => {
    let second;
    const rollback = (name, args) => runLogged(work, name, script('rollback'), args, { env });
    test('rollback exits 0', async (t) => {
      second = await aliasVersion(env, s.statusFn, s.alias);
      const r = await rollback('rollback', ['--function', s.statusFn, '--function', s.eventsFn, '--alias', s.alias]);
      exited(r, 0, 'rollback');
      figure(t, (r.out.split('\n').find((l) => l.includes('->')) || '').replace(/^\s*ok /, '').trim());
    });
    test('status function: alias on the first release\'s version', async (t) => {
      expect(t, await aliasVersion(env, s.statusFn, s.alias), second - 1);
    });
    test('status function: rollback --to moves forward again', async (t) => {
      const r = await rollback('rollback-to', ['--function', s.statusFn, '--function', s.eventsFn, '--alias', s.alias, '--to', String(second)]);
      exited(r, 0, `rollback --to ${second}`);
      expect(t, await aliasVersion(env, s.statusFn, s.alias), second);
    });
    test('rollback --to an unpublished version is refused clearly', async (t) => {
      const r = await rollback('rollback-bad', ['--function', s.statusFn, '--to', '9999']);
      exited(r, 'non-zero', 'rollback --to an unpublished version');
      const line = r.out.split('\n').find((l) => l.includes('not published'));
      assert.ok(line, `rollback --to 9999 failed without saying why\n${r.out.slice(-800)}`);
      figure(t, line.trim());
    });
    test('the status API answers through the CDN after the rehearsal\'s releases', async (t) => {
      if (s.mode !== 'platform') {
        t.skip('the function behind the real local CDN (moto cannot run code: a stand-in HTTP server answered the smoke test)');
        return;
      }
      const res = await fetch(`${s.smokeBase}/api/stream`, { signal: AbortSignal.timeout(20000) });
      expect(t, res.status, 200);
    });
  });

  describe('scripts/deploy-frontend', () => {
    let dist = path.join(work, 'dist');
    const head = (key) => awsOrNull(env, ['s3api', 'head-object', '--bucket', s.siteBucket, '--key', key]);
    const asset = (ext) => {
      const dir = path.join(dist, 'assets');
      const f = fs.existsSync(dir) ? fs.readdirSync(dir).sort().find((n) => n.endsWith(ext)) : undefined;
      return f && `assets/${f}`;
    };
    test('deploy-frontend exits 0', async (t) => {
      if (s.mode === 'platform' && fs.existsSync(path.join(ROOT, 'frontend/dist/index.html'))) {
        dist = path.join(ROOT, 'frontend/dist'); // the real player build, so the platform keeps a working page
      } else {
        fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
        fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>rehearsal</title><script type="module" src="/assets/app-r3h34r5.js"></script>\n');
        fs.writeFileSync(path.join(dist, 'assets/app-r3h34r5.js'), 'export const rehearsal = true;\n');
        fs.writeFileSync(path.join(dist, 'assets/player-5e6f7a8b.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
        fs.writeFileSync(path.join(dist, 'assets/site-1a2b3c4d.css'), 'body{margin:0}\n');
      }
      const r = await runLogged(work, 'frontend', script('deploy-frontend'),
        ['--bucket', s.siteBucket, '--distribution-id', s.distribution, '--dist', dist, '--commit', c3], { env });
      exited(r, 0, 'deploy-frontend');
      figure(t, `${dist}: ${r.out.trim().split('\n').at(-1).trim()}`);
    });
    test('index.html Cache-Control', async (t) => expect(t, (await head('index.html'))?.CacheControl, 'no-cache'));
    test('index.html Content-Type', async (t) => expect(t, (await head('index.html'))?.ContentType, 'text/html; charset=utf-8'));
    test('index.html records the commit the page was deployed from', async (t) => {
      expect(t, (await releaseLib('release_deployed_frontend', [s.siteBucket], { env })).stdout, c3);
    });
    test('the hashed JavaScript asset\'s Cache-Control', async (t) => {
      const js = asset('.js');
      if (!js) return t.skip('no .js under assets/');
      figure(t, js);
      expect(t, (await head(js))?.CacheControl, 'public, max-age=31536000, immutable');
    });
    test('the hashed JavaScript asset\'s Content-Type', async (t) => {
      const js = asset('.js');
      if (!js) return t.skip('no .js under assets/');
      figure(t, js);
      expect(t, (await head(js))?.ContentType, 'text/javascript; charset=utf-8');
    });
    test('the WebAssembly asset\'s Content-Type', async (t) => {
      const wasm = asset('.wasm');
      if (!wasm) return t.skip('the player build has no .wasm under assets/');
      figure(t, wasm);
      expect(t, (await head(wasm))?.ContentType, 'application/wasm');
    });
    test('the invalidation: / and /index.html, no hashed asset', async (t) => {
      const list = await aws(env, ['cloudfront', 'list-invalidations', '--distribution-id', s.distribution]);
      const id = list.InvalidationList.Items[0].Id;
      const inv = await aws(env, ['cloudfront', 'get-invalidation', '--distribution-id', s.distribution, '--id', id]);
      const paths = inv.Invalidation.InvalidationBatch.Paths.Items;
      figure(t, `invalidation ${id}: ${paths.join(' ')}`);
      assert.ok(paths.includes('/') && paths.includes('/index.html') && !paths.some((p) => p.includes('/assets/')),
        `invalidation paths: ${JSON.stringify(paths)}`);
    });
  });

  describe('scripts/stream-key', () => {
    const reason = 'stream-key rotate and RTMP pushes with the old and the new key (need local/ivs/target/onair-local-ivs.jar, java, nginx and ffmpeg)';
    const ready = (t) => {
      if (!s.streamKeyArgs) t.skip(reason);
      return Boolean(s.streamKeyArgs);
    };
    const keyNow = async () => {
      const keys = await aws(env, ['ivs', 'list-stream-keys', '--channel-arn', s.channel]);
      return (await aws(env, ['ivs', 'get-stream-key', '--arn', keys.streamKeys[0].arn])).streamKey.value;
    };
    const secretNow = async () => (await aws(env, ['secretsmanager', 'get-secret-value', '--secret-id', s.secret])).SecretString;
    const streamKey = (name, args) => runLogged(work, name, script('stream-key'), ['rotate', ...args, ...s.streamKeyArgs], { env });
    // an ffmpeg push of a tiny test pattern for `seconds` with `key`: its exit status
    const pushArgs = (key, seconds) => ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15',
      '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-f', 'flv', `${s.rtmpUrl}${key}`];
    const push = async (key, seconds) => {
      const p = start('timeout', [String(seconds + 30), 'ffmpeg', ...pushArgs(key, seconds)], path.join(work, 'ffmpeg.log'));
      return new Promise((resolve) => p.once('exit', (code) => resolve(code)));
    };
    let oldKey;
    let oldSecret;
    let newKey;
    let rotate;
    let live;
    let liveState = '';
    after(() => stop(live));
    test('stream-key rotate exits 0', async (t) => {
      if (!ready(t)) return;
      [oldKey, oldSecret] = [await keyNow(), await secretNow()];
      rotate = await streamKey('stream-key-rotate', []);
      exited(rotate, 0, 'stream-key rotate');
      figure(t, rotate.out.trim().split('\n').at(-1).trim());
    });
    test('the key changed in IVS', async (t) => {
      if (!ready(t)) return;
      newKey = await keyNow();
      figure(t, `${newKey.length} characters`);
      assert.ok(newKey && newKey !== oldKey, 'the IVS key did not change');
    });
    test('the secret holds the new key', async (t) => {
      if (!ready(t)) return;
      const secret = await secretNow();
      figure(t, `${secret.length} characters`);
      assert.ok(secret !== oldSecret && secret.includes(newKey), 'the secret does not hold the new key');
    });
    test('rotate did not print the key', (t) => {
      if (!ready(t)) return;
      figure(t, `${rotate.out.split('\n').length - 1} lines of output`);
      assert.ok(!rotate.out.includes(newKey), 'rotate printed the key');
    });
    test('a push with the old key is refused', async (t) => {
      if (!ready(t)) return;
      const code = await push(oldKey, 3);
      figure(t, `ffmpeg exit ${code}`);
      assert.notEqual(code, 0, 'a push with the OLD key was accepted');
    });
    test('a push with the new key is accepted', async (t) => {
      if (!ready(t)) return;
      const code = await push(newKey, 3);
      figure(t, `ffmpeg exit ${code}`);
      assert.equal(code, 0, 'a push with the new key failed (see ffmpeg log)');
    });
    // While a push is on air, rotating without --force must refuse.
    test('the channel goes LIVE during a push with the new key', async (t) => {
      if (!ready(t)) return;
      live = start('ffmpeg', pushArgs(newKey, 40), path.join(work, 'ffmpeg.log'));
      for (let i = 0; i < 30 && liveState !== 'LIVE'; i++) {
        const st = await awsOrNull(env, ['ivs', 'get-stream', '--channel-arn', s.channel]);
        liveState = st?.stream?.state || '';
        if (liveState !== 'LIVE') await new Promise((r) => setTimeout(r, 1000));
      }
      expect(t, liveState, 'LIVE');
    });
    test('rotate without --force is refused while LIVE (and says so)', async (t) => {
      if (!ready(t)) return;
      assert.equal(liveState, 'LIVE', 'the channel never went LIVE: nothing to refuse');
      const r = await streamKey('stream-key-live', []);
      exited(r, 'non-zero', 'rotate without --force while LIVE');
      const line = r.out.split('\n').find((l) => l.includes('LIVE'));
      assert.ok(line, `rotate failed while LIVE but not for being live\n${r.out.slice(-800)}`);
      figure(t, line.trim());
    });
    test('the key is unchanged after the refusal', async (t) => {
      if (!ready(t)) return;
      assert.equal(liveState, 'LIVE', 'the channel never went LIVE');
      assert.ok((await keyNow()) === newKey, 'the key changed although rotate refused');
    });
    test('rotate --force while LIVE rotates the key (IVS and secret)', async (t) => {
      if (!ready(t)) return;
      try {
        assert.equal(liveState, 'LIVE', 'the channel never went LIVE');
        const r = await streamKey('stream-key-force', ['--force']);
        exited(r, 0, 'rotate --force while LIVE');
        const forced = await keyNow();
        assert.ok(forced !== newKey && (await secretNow()).includes(forced), 'rotate --force exited 0 but the key or the secret did not change');
        figure(t, r.out.trim().split('\n').at(-1).trim());
      } finally {
        await stop(live);
      }
    });
  });
});

// scripts/stream-key must keep stream keys out of argument lists (issue 10: rotate passed the old secret and
// both keys to python3 as arguments; an argument list is readable by every user: ps, /proc/PID/cmdline).
//
// rotate runs against the real IVS emulator (local/ivs, stream keys and GetStream) and moto (Secrets Manager),
// with a PATH whose every command is a recorder: a tiny sh script that appends its name and arguments to a log
// and execs the real command. So every process started through PATH by stream-key, or by its children, is
// recorded with its argument list, and neither key may appear in any of them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, freePort, run, startGroup, stopGroup, tmpDir, waitFor } from './helpers.mjs';

const IVS_JAR = path.join(ROOT, 'local/ivs/target/onair-local-ivs.jar');
const dir = tmpDir('stream-key');
const procs = [];
let env;

// A PATH directory in which every command of PATH is a recorder of its argument list.
function recordingPath(log) {
  const bin = path.join(dir, 'recorders');
  fs.mkdirSync(bin);
  for (const d of process.env.PATH.split(':')) {
    let names;
    try { names = fs.readdirSync(d); } catch { continue; }
    for (const n of names) {
      const wrapper = path.join(bin, n);
      if (fs.existsSync(wrapper) || n.includes("'")) continue;
      const real = path.join(d, n);
      try {
        fs.accessSync(real, fs.constants.X_OK);
        if (!fs.statSync(real).isFile()) continue;
      } catch { continue; }
      fs.writeFileSync(wrapper,
        `#!/bin/sh\n{ printf '%s' '${n}'; printf ' %s' "$@"; printf '\\n'; } >>'${log}'\nexec '${real}' "$@"\n`,
        { mode: 0o755 });
    }
  }
  return bin;
}

// The test's own calls go straight to the emulators' HTTP APIs (the aws CLI takes seconds per call on a loaded
// machine); only stream-key uses the aws CLI.
let ivsUrl;
let motoUrl;
async function ivs(op, body) {
  const r = await fetch(`${ivsUrl}/${op}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.ok(r.ok, `IVS ${op}: HTTP ${r.status} ${await r.clone().text()}`);
  return r.json();
}
async function secretsManager(op, body) {
  const r = await fetch(`${motoUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${op}`,
      // moto routes by the credential scope of the (unchecked) signature
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `Secrets Manager ${op}: HTTP ${r.status} ${await r.clone().text()}`);
  return r.json();
}

before(async () => {
  if (!fs.existsSync(IVS_JAR)) {
    const b = await run('mvn', ['-B', '-ntp', '-q', '-pl', 'local/ivs', '-am', 'package', '-DskipTests'], { cwd: ROOT });
    assert.equal(b.code, 0, `building the IVS emulator failed:\n${b.stdout}\n${b.stderr}`);
  }
  const [moto, api, playback, rtmp] = [await freePort(), await freePort(), await freePort(), await freePort()];
  procs.push(startGroup('python3', [path.join(ROOT, 'local/moto/moto_local.py'), '-H', '127.0.0.1', '-p', String(moto)],
    path.join(dir, 'moto.log')));
  fs.mkdirSync(path.join(dir, 'ivs'));
  procs.push(startGroup('java', ['-jar', IVS_JAR, '--region', 'us-east-1', '--account', '123456789012',
    '--api-port', String(api), '--playback-port', String(playback), '--rtmp-port', String(rtmp),
    '--s3-endpoint', `http://127.0.0.1:${moto}`, '--work-dir', path.join(dir, 'ivs')], path.join(dir, 'ivs.log')));
  const up = async (url) => { try { return (await fetch(url)).ok; } catch { return false; } };
  await waitFor('moto', () => up(`http://127.0.0.1:${moto}/moto-api/`));
  await waitFor('the IVS emulator', () => up(`http://127.0.0.1:${api}/_emulator/health`));
  ivsUrl = `http://127.0.0.1:${api}`;
  motoUrl = `http://127.0.0.1:${moto}`;
  env = {
    ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: `http://127.0.0.1:${moto}`,
    AWS_ENDPOINT_URL_IVS: `http://127.0.0.1:${api}`, AWS_PAGER: '',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
});

after(async () => {
  for (const p of procs.reverse()) await stopGroup(p);
});

test('stream-key rotate never puts the old or the new key on an argument list', async () => {
  const channel = (await ivs('CreateChannel', { name: 'argv-test' })).channel.arn;
  const keyNow = async () => {
    const [key] = (await ivs('ListStreamKeys', { channelArn: channel })).streamKeys;
    return (await ivs('GetStreamKey', { arn: key.arn })).streamKey.value;
  };
  const oldKey = await keyNow();
  const secret = (await secretsManager('CreateSecret', {
    Name: 'argv-test/stream-key', SecretString: JSON.stringify({ streamKey: oldKey, note: 'kept' }),
  })).ARN;

  const log = path.join(dir, 'argv.log');
  fs.writeFileSync(log, '');
  const r = await run(path.join(ROOT, 'scripts/stream-key'), ['rotate', '--channel-arn', channel, '--secret-id', secret],
    { env: { ...env, PATH: recordingPath(log) } });
  assert.equal(r.code, 0, `rotate failed:\n${r.stdout}\n${r.stderr}`);

  const newKey = await keyNow();
  assert.ok(newKey.startsWith('sk_') && newKey !== oldKey, 'the key changed in IVS');
  const stored = JSON.parse((await secretsManager('GetSecretValue', { SecretId: secret })).SecretString);
  assert.deepEqual(stored, { streamKey: newKey, note: 'kept' }, 'the secret holds the new key, in its own shape');

  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // the recorders saw rotate's commands (the aws calls and the python3 that rewrites the secret)
  assert.ok(calls.some((c) => c.startsWith('aws secretsmanager put-secret-value')), calls.join('\n'));
  assert.ok(calls.some((c) => c.startsWith('python3 ')), calls.join('\n'));
  for (const [name, key] of [['old', oldKey], ['new', newKey]]) {
    const leaks = calls.filter((c) => c.includes(key));
    assert.deepEqual(leaks, [], `the ${name} key was on these argument lists`);
  }
  assert.ok(!r.stdout.includes(newKey) && !r.stderr.includes(newKey), 'rotate does not print the key');
});

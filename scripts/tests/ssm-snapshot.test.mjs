// The SSM restart fault of the local platform (`scripts/local ssm stop|start`) with real moto servers: what
// local/moto/ssm_snapshot.py saves from one server, a new server started through local/moto/moto_local.py
// --ssm-snapshot holds from its very first answer (type, value, description, tier, data type, tags), the check
// that `ssm start` runs finds a parameter that is missing, and a file that is not a snapshot stops the launcher.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, freePort, run, startGroup, stopGroup, tmpDir, waitFor } from './helpers.mjs';

const dir = tmpDir('ssm-snapshot');
const SNAPSHOT = path.join(ROOT, 'local/moto/ssm_snapshot.py');
const LAUNCHER = path.join(ROOT, 'local/moto/moto_local.py');
const REGION = 'eu-west-1';
const procs = [];
const env = {
  ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION,
  AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

after(async () => {
  for (const p of procs) await stopGroup(p);
});

async function startMoto(name, extra = []) {
  const port = await freePort();
  const p = startGroup('python3', [LAUNCHER, ...extra, '-H', '127.0.0.1', '-p', String(port)], path.join(dir, `${name}.log`));
  procs.push(p);
  return { p, url: `http://127.0.0.1:${port}` };
}

const up = async (url) => {
  try { return (await fetch(`${url}/moto-api/`)).ok; } catch { return false; }
};

const aws = (url, ...args) => run('aws', ['--endpoint-url', url, '--region', REGION, '--output', 'json', 'ssm', ...args], { env });

async function awsJson(url, ...args) {
  const r = await aws(url, ...args);
  assert.equal(r.code, 0, `aws ssm ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout || '{}');
}

const PARAMETERS = [
  { Name: '/onair/prod/state', Type: 'String', Value: JSON.stringify({ state: 'live', streamId: 'st-1' }),
    Description: 'status document', Tier: 'Standard', Tags: [{ Key: 'app', Value: 'onair' }] },
  { Name: '/onair/prod/webhook-secret', Type: 'SecureString', Value: 's3cr3t-value', Tier: 'Standard' },
  { Name: '/onair/prod/large', Type: 'String', Value: 'x'.repeat(5000), Tier: 'Advanced' },
  { Name: '/onair/prod/list', Type: 'StringList', Value: 'a,b,c', Tier: 'Standard' },
];

async function describe(url) {
  const out = {};
  for (const p of PARAMETERS) {
    const got = (await awsJson(url, 'get-parameter', '--name', p.Name, '--with-decryption')).Parameter;
    const meta = (await awsJson(url, 'describe-parameters', '--parameter-filters', `Key=Name,Values=${p.Name}`)).Parameters[0];
    const tags = (await awsJson(url, 'list-tags-for-resource', '--resource-type', 'Parameter', '--resource-id', p.Name)).TagList;
    out[p.Name] = { Type: got.Type, Value: got.Value, Description: meta.Description ?? '', Tier: meta.Tier, DataType: meta.DataType, Tags: tags };
  }
  return out;
}

test('a snapshot saved from one server is on the restarted one from its first answer; the check finds a loss', async () => {
  const first = await startMoto('first');
  await waitFor('first moto', () => up(first.url), 180);
  for (const p of PARAMETERS) {
    const args = ['put-parameter', '--name', p.Name, '--type', p.Type, '--value', p.Value, '--tier', p.Tier];
    if (p.Description) args.push('--description', p.Description);
    if (p.Tags) args.push('--tags', ...p.Tags.map((t) => `Key=${t.Key},Value=${t.Value}`));
    await awsJson(first.url, ...args);
  }
  const before = await describe(first.url);

  const file = path.join(dir, 'ssm-snapshot.json');
  const saved = await run('python3', [SNAPSHOT, 'save', '--endpoint', first.url, '--region', REGION, file]);
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stdout, /snapshot: 4 parameter\(s\)/);
  assert.ok(!fs.existsSync(`${file}.tmp`), 'the snapshot is written whole, then renamed');
  await stopGroup(first.p);

  const second = await startMoto('second', ['--ssm-snapshot', file]);
  // Ask from the moment the port could open: the first answer the new server gives must already hold the state
  // (an answer "no parameter" is what the status function would read as idle and write back).
  let firstAnswer;
  await waitFor('restarted moto', async () => {
    const r = await aws(second.url, 'get-parameter', '--name', PARAMETERS[0].Name);
    if (r.code === 0 || /ParameterNotFound/.test(r.stderr)) firstAnswer = r;
    return firstAnswer !== undefined;
  }, 180);
  assert.equal(firstAnswer.code, 0, `first answer of the restarted server: ${firstAnswer.stderr}`);
  assert.deepEqual(await describe(second.url), before);
  assert.match(fs.readFileSync(path.join(dir, 'second.log'), 'utf8'), /4 parameter\(s\) loaded before serving/);

  const ok = await run('python3', [SNAPSHOT, 'check', '--endpoint', second.url, file]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /restored: 4 parameter\(s\)/);

  await awsJson(second.url, 'delete-parameter', '--name', '/onair/prod/list');
  const lost = await run('python3', [SNAPSHOT, 'check', '--endpoint', second.url, file]);
  assert.equal(lost.code, 1);
  assert.match(lost.stderr, /\/onair\/prod\/list is missing after the restart/);
  await stopGroup(second.p);
});

test('a file that is not a snapshot stops the launcher with the reason, and check refuses it', async () => {
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ region: REGION, parameters: [{ Name: '/a', Type: 'String' }] }));
  const launcher = await startMoto('bad', ['--ssm-snapshot', bad]);
  const code = await new Promise((resolve) => launcher.p.once('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(fs.readFileSync(path.join(dir, 'bad.log'), 'utf8'), /parameter #1 lacks Value/);

  const r = await run('python3', [SNAPSHOT, 'check', '--endpoint', 'http://127.0.0.1:9', bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /parameter #1 lacks Value/);
});

test('--help says what it does', async () => {
  const r = await run('python3', [SNAPSHOT, '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /save,check/);
});

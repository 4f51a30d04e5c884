// What the release, rollback, frontend and stream-key checks run against:
//   platform  the local platform (scripts/local up; scripts/release-rehearsal sources .local/env and exports it):
//             names from its Terraform outputs, the smoke test through its local CDN
//   own       (--own-moto) a private moto_server with two functions and a CloudFront distribution created here, an
//             HTTP server standing in for the CDN + function (moto stores functions but cannot run them), and the IVS
//             emulator (local/ivs/target/onair-local-ivs.jar with its RTMP ingest) when it is built
// ONAIR_REHEARSAL_MODE=platform|own picks one (scripts/release-rehearsal sets it).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  aws, awsEnv, freePort, privateMotoEnv, ROOT, run, start, stop, waitForPort, zipWithEntry,
} from './lib.mjs';
import { tfOutputs } from '../lib/platform.mjs';

const have = async (cmd) => (await run('bash', ['-c', 'command -v "$1"', 'have', cmd])).code === 0;

// A private moto_server on a free port: { url, proc }.
export async function startMoto(work) {
  const port = await freePort();
  const proc = start('moto_server', ['-H', '127.0.0.1', '-p', String(port)], path.join(work, `moto-${port}.log`));
  await waitForPort(port, 'moto_server', 30);
  return { url: `http://127.0.0.1:${port}`, proc };
}

async function platformStack() {
  const env = awsEnv();
  const tfDir = env.ONAIR_TF_DIR;
  if (!tfDir) throw new Error('ONAIR_TF_DIR is not set: scripts/release-rehearsal exports .local/env before the tests');
  const out = await tfOutputs(tfDir, env);
  const functionZip = path.join(ROOT, 'lambda/target/onair-function-jvm.zip');
  if (!fs.existsSync(functionZip)) throw new Error(`${functionZip} missing although the platform is up`);
  const s = {
    mode: 'platform',
    env,
    statusFn: out('status_function_name'),
    eventsFn: out('events_function_name'),
    alias: out('live_alias_name'),
    artifacts: out('artifacts_bucket'),
    siteBucket: out('site_bucket'),
    distribution: out('distribution_id'),
    smokeBase: env.ONAIR_EDGE_URL.replace(/\/$/, ''),
    functionZip,
    channel: out('channel_arn'),
    secret: out('stream_key_secret_arn'),
    rtmpUrl: env.ONAIR_RTMP_URL,
    streamKeyArgs: ['--tf-dir', tfDir],
    stop: async () => {},
  };
  console.log(`    functions ${s.statusFn}, ${s.eventsFn} (alias ${s.alias}), CDN ${s.smokeBase}`);
  return s;
}

// Stand-in for CloudFront + the status function (moto cannot run code): /api/stream answers like the contract's idle
// example, every other path 404: enough to drive the smoke test both ways.
async function cdnStandIn() {
  let body;
  try {
    body = fs.readFileSync(path.join(ROOT, 'lambda/api/examples/idle.json'));
  } catch {
    body = Buffer.from(JSON.stringify({ status: 'idle' }));
  }
  const server = http.createServer((req, res) => {
    const ok = req.url === '/api/stream';
    const data = ok ? body : Buffer.from(JSON.stringify({ message: 'not found' }));
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json', 'content-length': data.length });
    res.end(data);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function ownStack(work) {
  console.log('    private moto_server with two functions and a stand-in for the CDN');
  const moto = await startMoto(work);
  const env = privateMotoEnv(moto.url);
  const stoppers = [() => stop(moto.proc)];
  const s = {
    mode: 'own',
    env,
    statusFn: 'onair-rehearsal-status',
    eventsFn: 'onair-rehearsal-events',
    alias: 'live',
    artifacts: 'onair-rehearsal-artifacts',
    siteBucket: 'onair-rehearsal-site',
    streamKeyArgs: null,
    stop: async () => { for (const f of stoppers.reverse()) await f(); },
  };
  try {
    await aws(env, ['s3api', 'create-bucket', '--bucket', s.artifacts]);
    await aws(env, ['s3api', 'create-bucket', '--bucket', s.siteBucket]);
    s.functionZip = path.join(ROOT, 'lambda/target/onair-function-jvm.zip');
    if (!fs.existsSync(s.functionZip)) {
      // moto never runs the code: any zip exercises the scripts; the real one is used when it is built
      s.functionZip = path.join(work, 'function.zip');
      zipWithEntry(null, s.functionZip, 'bootstrap', '#!/bin/sh\nexit 1\n', 0o755);
      console.log('    lambda/target/onair-function-jvm.zip not built: using a one-file zip (moto does not run code)');
    }
    await aws(env, ['s3api', 'put-object', '--bucket', s.artifacts, '--key', 'function/initial.zip', '--body', s.functionZip]);
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    const { Role } = await aws(env, ['iam', 'create-role', '--role-name', 'onair-rehearsal-fn', '--assume-role-policy-document', JSON.stringify(trust)]);
    for (const fn of [s.statusFn, s.eventsFn]) {
      await aws(env, ['lambda', 'create-function', '--function-name', fn, '--runtime', 'provided.al2023', '--architectures', 'arm64',
        '--handler', fn.split('-').pop(), '--role', Role.Arn, '--code', JSON.stringify({ S3Bucket: s.artifacts, S3Key: 'function/initial.zip' }), '--publish']);
      await aws(env, ['lambda', 'create-alias', '--function-name', fn, '--name', s.alias, '--function-version', '1']);
    }
    const distribution = {
      CallerReference: 'onair-rehearsal',
      Comment: 'rehearsal',
      Enabled: true,
      DefaultRootObject: 'index.html',
      Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: `${s.siteBucket}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
      DefaultCacheBehavior: {
        TargetOriginId: 'site',
        ViewerProtocolPolicy: 'redirect-to-https',
        MinTTL: 0,
        ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
        TrustedSigners: { Enabled: false, Quantity: 0 },
      },
    };
    s.distribution = (await aws(env, ['cloudfront', 'create-distribution', '--distribution-config', JSON.stringify(distribution)])).Distribution.Id;
    const server = await cdnStandIn();
    stoppers.push(() => new Promise((resolve) => server.close(resolve)));
    s.smokeBase = `http://127.0.0.1:${server.address().port}`;

    const ivsJar = path.join(ROOT, 'local/ivs/target/onair-local-ivs.jar');
    const tools = await Promise.all(['java', 'ffmpeg', 'nginx'].map(have));
    if (fs.existsSync(ivsJar) && tools.every(Boolean)) {
      // The IVS emulator (stream keys, GetStream, the RTMP ingest that checks keys) on its own ports.
      const [api, playback, rtmp] = [await freePort(), await freePort(), await freePort()];
      const ivsWork = path.join(work, 'ivs');
      fs.mkdirSync(ivsWork, { recursive: true });
      const ivs = start('java', ['-jar', ivsJar, '--region', env.AWS_REGION, '--account', '123456789012', '--api-port', String(api),
        '--playback-port', String(playback), '--rtmp-port', String(rtmp), '--s3-endpoint', moto.url, '--events-endpoint', moto.url,
        '--work-dir', ivsWork], path.join(work, 'ivs.log'));
      stoppers.push(() => stop(ivs));
      await waitForPort(api, 'the IVS emulator API', 90);
      await waitForPort(rtmp, 'the IVS emulator RTMP ingest', 90);
      env.AWS_ENDPOINT_URL_IVS = `http://127.0.0.1:${api}`;
      s.rtmpUrl = `rtmp://127.0.0.1:${rtmp}/app/`;
      s.channel = (await aws(env, ['ivs', 'create-channel', '--name', 'onair-rehearsal', '--latency-mode', 'LOW', '--type', 'STANDARD'])).channel.arn;
      const keys = await aws(env, ['ivs', 'list-stream-keys', '--channel-arn', s.channel]);
      const key = (await aws(env, ['ivs', 'get-stream-key', '--arn', keys.streamKeys[0].arn])).streamKey.value;
      // the key goes through a private file, never through argv
      const keyFile = path.join(work, 'initial-key');
      fs.writeFileSync(keyFile, key, { mode: 0o600 });
      s.secret = (await aws(env, ['secretsmanager', 'create-secret', '--name', 'onair-rehearsal/stream-key', '--secret-string', `file://${keyFile}`])).ARN;
      fs.rmSync(keyFile);
      s.streamKeyArgs = ['--channel-arn', s.channel, '--secret-id', s.secret];
      console.log(`    IVS emulator: channel ${s.channel}, ingest ${s.rtmpUrl}`);
    }
  } catch (e) {
    await s.stop();
    throw e;
  }
  return s;
}

export async function openStack(work) {
  const mode = process.env.ONAIR_REHEARSAL_MODE || 'own';
  if (mode === 'platform') return platformStack();
  if (mode === 'own') return ownStack(work);
  throw new Error(`ONAIR_REHEARSAL_MODE must be platform or own, got '${mode}'`);
}

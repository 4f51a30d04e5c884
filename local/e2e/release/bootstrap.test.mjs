// scripts/bootstrap.sh twice against a private moto_server: everything created once, the second run creates nothing;
// then what it created, read back: the state bucket's settings, one OIDC provider, the roles' trust conditions and
// the release role's policy. (The escalation paths are evaluated in local/iam's BootstrapEscalationTest.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { aws, awsOrNull, expect, figure, privateMotoEnv, ROOT, runLogged, stop, tail, tmpDir } from './lib.mjs';
import { startMoto } from './stack.mjs';

const asList = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('scripts/bootstrap.sh twice against a private moto_server', () => {
  const work = tmpDir('rehearsal-bootstrap');
  const args = ['--repo', 'onair-team/onair', '--region', 'us-east-1', '--state-bucket', 'onair-rehearsal-tfstate'];
  let moto;
  let env;
  let policy;
  before(async () => {
    moto = await startMoto(work);
    env = privateMotoEnv(moto.url);
  });
  after(async () => {
    await stop(moto?.proc);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const summary = (r) => r.out.split('\n').find((l) => l.startsWith('bootstrap:')) || `exit ${r.code}, no summary line\n${tail(r.out, 5)}`;
  test('bootstrap run 1 creates bucket, OIDC provider, boundary policy and two roles', async (t) => {
    const r = await runLogged(work, 'bootstrap-1', path.join(ROOT, 'scripts/bootstrap.sh'), args, { env });
    figure(t, summary(r));
    assert.match(summary(r), /^bootstrap: 5 created, 0 already there/);
  });
  test('bootstrap run 2 creates nothing (idempotent)', async (t) => {
    const r = await runLogged(work, 'bootstrap-2', path.join(ROOT, 'scripts/bootstrap.sh'), args, { env });
    figure(t, summary(r));
    assert.match(summary(r), /^bootstrap: 0 created, 5 already there/);
  });
  test('state bucket versioning', async (t) => {
    expect(t, (await awsOrNull(env, ['s3api', 'get-bucket-versioning', '--bucket', 'onair-rehearsal-tfstate']))?.Status, 'Enabled');
  });
  test('state bucket public access block', async (t) => {
    const c = (await awsOrNull(env, ['s3api', 'get-public-access-block', '--bucket', 'onair-rehearsal-tfstate']))?.PublicAccessBlockConfiguration || {};
    expect(t, [c.BlockPublicAcls, c.IgnorePublicAcls, c.BlockPublicPolicy, c.RestrictPublicBuckets], [true, true, true, true]);
  });
  test('state bucket encryption', async (t) => {
    const e = await awsOrNull(env, ['s3api', 'get-bucket-encryption', '--bucket', 'onair-rehearsal-tfstate']);
    expect(t, e?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
  });
  test('one OIDC provider after two runs', async (t) => {
    expect(t, (await aws(env, ['iam', 'list-open-id-connect-providers'])).OpenIDConnectProviderList.length, 1);
  });
  const trustCondition = async (role) => {
    const r = await awsOrNull(env, ['iam', 'get-role', '--role-name', role]);
    let doc = r?.Role?.AssumeRolePolicyDocument;
    if (typeof doc === 'string') doc = JSON.parse(decodeURIComponent(doc));
    return doc?.Statement?.[0]?.Condition?.StringLike;
  };
  test('release role: only tags v* of the repository', async (t) => {
    expect(t, Object.values((await trustCondition('onair-release')) || {}), ['repo:onair-team/onair:ref:refs/tags/v*']);
  });
  test('plan role: only pull requests of the repository', async (t) => {
    expect(t, Object.values((await trustCondition('onair-plan')) || {}), ['repo:onair-team/onair:pull_request']);
  });
  const releasePolicy = async () => {
    if (!policy) {
      const p = await aws(env, ['iam', 'get-role-policy', '--role-name', 'onair-release', '--policy-name', 'onair-release']);
      policy = typeof p.PolicyDocument === 'string' ? JSON.parse(decodeURIComponent(p.PolicyDocument)) : p.PolicyDocument;
    }
    return policy;
  };
  test('release policy: no Allow on \'*\' except the listed unscoped read/list calls', async (t) => {
    const doc = await releasePolicy();
    const offending = [];
    for (const st of doc.Statement) {
      if (st.Effect !== 'Allow') continue;
      const resources = asList(st.Resource);
      const actions = asList(st.Action);
      // CreateEventSourceMapping has no resource type: '*' scoped to this stack's functions by lambda:FunctionArn
      const scoped = st.Sid === 'EventSourceMappingCreate'
        && actions.every((a) => ['lambda:CreateEventSourceMapping', 'lambda:ListEventSourceMappings'].includes(a))
        && 'lambda:FunctionArn' in (st.Condition?.ArnLike || {})
        // CreateKey has no resource type either: '*' only for keys tagged with the project's name in the request
        || (actions.length === 1 && actions[0] === 'kms:CreateKey' && 'aws:RequestTag/Project' in (st.Condition?.StringEquals || {}));
      const writes = actions.some((a) => a.endsWith('*') || /^(Put|Delete|Update)/.test(a.split(':')[1] || ''));
      if (resources.includes('*') && !scoped && (st.Sid !== 'Unscoped' || writes)) offending.push(st.Sid || JSON.stringify(actions));
    }
    figure(t, `${doc.Statement.length} statements, ${offending.length} granting '*' beyond the unscoped list`);
    assert.deepEqual(offending, [], `release policy grants '*' beyond the unscoped list: ${offending.join(', ')}`);
  });
  test('release policy without --hosted-zone-id: no route53:ChangeResourceRecordSets at all', async (t) => {
    const doc = await releasePolicy();
    const actions = doc.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => asList(st.Action));
    const dns = actions.filter((a) => a.toLowerCase().startsWith('route53:change') || a === 'route53:*' || a === '*');
    figure(t, `${actions.length} allowed actions, ${dns.length} that change DNS`);
    assert.deepEqual(dns, [], 'release policy may change DNS records although no zone was given');
  });
});

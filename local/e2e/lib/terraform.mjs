// A second Terraform run against a platform that `scripts/local up` brought up must change nothing, as on AWS:
// no perpetual diffs (moto re-spacing a queue's RedrivePolicy, CloudFront tags listed under another ARN spelling,
// the recordings index's tags) and, above all, no apply that breaks the platform (moto's SetQueueAttributes used
// to delete the events queue's policy, after which EventBridge could deliver no IVS event any more).
// Checks of the end-to-end test (offline.test.mjs step 1b, sessions.test.mjs step 11p); was local/e2e/idempotent-up.mjs.
// Whether events are still delivered afterwards is what step 3 checks (a push goes live through the queue).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aws, figure, run } from './common.mjs';

// terraform ARGS in the platform's Terraform directory (its env: TF_CLI_CONFIG_FILE, the endpoints), bounded at
// 15 min: { code, out }
async function tf(env, ...args) {
  const r = await run('timeout', ['--foreground', '900', 'terraform', `-chdir=${env.ONAIR_TF_DIR}`, ...args], { env });
  return { code: r.code, out: r.stdout + r.stderr };
}

// terraform plan -detailed-exitcode: exit 0 ("No changes"); on exit 2 the planned changes are the failure. The plan
// is kept in ARTIFACTS/LOG.
export async function planChangesNothing(t, env, artifacts, log) {
  const plan = await tf(env, 'plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=120s');
  fs.writeFileSync(path.join(artifacts, log), plan.out);
  const changes = [...plan.out.matchAll(/^\s*# (\S+) (will be|must be) ([a-z -]+)$/gm)].map((m) => `${m[1]} ${m[3]}`);
  assert.ok(plan.code !== 2, `planned: ${changes.join('; ')}`);
  assert.ok(plan.code === 0, `plan failed (exit ${plan.code}): ${plan.out.split('\n').filter((l) => /Error/.test(l)).slice(0, 3).join(' ')}`);
  figure(t, 'exit 0, "No changes"');
}

// terraform apply (what a second `scripts/local up` after any change does): 0 added, 0 changed, 0 destroyed.
export async function applyChangesNothing(t, env, artifacts) {
  const apply = await tf(env, 'apply', '-input=false', '-auto-approve', '-no-color', '-lock-timeout=120s');
  fs.writeFileSync(path.join(artifacts, 'idempotent-apply.log'), apply.out);
  const summary = (apply.out.match(/Apply complete! Resources: [^\n]*/) ?? [''])[0];
  assert.ok(apply.code === 0 && /0 added, 0 changed, 0 destroyed/.test(summary), apply.code === 0 ? summary : `apply failed (exit ${apply.code})`);
  figure(t, summary);
}

// The events queue still has its policy for events.amazonaws.com (EventBridge's SQS target needs it).
export async function queueKeepsEventBridgePolicy(t, env, queueUrl) {
  let policy = '';
  try {
    policy = (await aws(env, ['sqs', 'get-queue-attributes', '--queue-url', queueUrl, '--attribute-names', 'Policy']))?.Attributes?.Policy ?? '';
  } catch (e) {
    policy = e.message;
  }
  assert.ok(policy.includes('events.amazonaws.com') && policy.includes('sqs:SendMessage'), `Policy: ${policy.trim().slice(0, 200) || '(none)'}`);
  figure(t, 'events.amazonaws.com may sqs:SendMessage');
}

// A second Terraform run against a platform that `scripts/local up` brought up must change nothing, as on AWS:
// no perpetual diffs (moto re-spacing a queue's RedrivePolicy, CloudFront tags listed under another ARN spelling,
// the recordings index's tags) and, above all, no apply that breaks the platform (moto's SetQueueAttributes used
// to delete the events queue's policy, after which EventBridge could deliver no IVS event any more).
// Checks of the end-to-end test (offline.test.mjs step 1b, sessions.test.mjs step 11p); was local/e2e/idempotent-up.mjs.
// Whether events are still delivered afterwards is what step 3 checks (a push goes live through the queue).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aws, figure, ROOT, run } from './common.mjs';

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

// What moto cannot show: would the roles scripts/bootstrap.sh makes on a real account let a release deploy what this
// apply made, and does the permissions boundary leave the function roles what their policies grant? The state of this
// apply (terraform show -json) and the policies bootstrap.sh prints for the account are evaluated by local/iam's
// DeployPermissionsCheck (IAM's evaluation logic; the IVS emulator's jar carries it). Both files stay in ARTIFACTS.
export async function deployPermissionsAllowTheStack(t, env, artifacts) {
  const show = await tf(env, 'show', '-json', '-no-color');
  assert.equal(show.code, 0, `terraform show -json: ${show.out.slice(-300)}`);
  const statePath = path.join(artifacts, 'deployed-state.json');
  fs.writeFileSync(statePath, show.out.slice(show.out.indexOf('{')));
  const account = JSON.parse(fs.readFileSync(statePath, 'utf8')).values.root_module.resources
    .find((r) => r.type === 'aws_caller_identity')?.values?.account_id;
  assert.ok(account, 'no aws_caller_identity in the state');
  const printed = await run(path.join(ROOT, 'scripts/bootstrap.sh'), ['--repo', 'onair-team/onair', '--region', env.AWS_REGION || 'us-east-1',
    '--state-bucket', 'onair-tfstate', '--print-policies', account], { env });
  assert.equal(printed.code, 0, `bootstrap.sh --print-policies: ${printed.stderr}`);
  const policiesPath = path.join(artifacts, 'bootstrap-policies.json');
  fs.writeFileSync(policiesPath, printed.stdout);
  const check = await run('java', ['-cp', path.join(ROOT, 'local/ivs/target/onair-local-ivs.jar'),
    'onair.local.iam.DeployPermissionsCheck', statePath, policiesPath], { env });
  const lines = (check.stdout + check.stderr).trim().split('\n');
  fs.writeFileSync(path.join(artifacts, 'deploy-permissions.log'), lines.join('\n') + '\n');
  assert.equal(check.code, 0, lines.filter((l) => !l.startsWith('deploy permissions:')).slice(0, 5).join('; ') || lines.join(' '));
  figure(t, lines[lines.length - 1]);
}

// A second Terraform run against a platform that `scripts/local up` brought up must change nothing, as on AWS:
// no perpetual diffs (moto re-spacing a queue's RedrivePolicy, CloudFront tags listed under another ARN spelling,
// the recordings index's tags) and, above all, no apply that breaks the platform (moto's SetQueueAttributes used
// to delete the events queue's policy, after which EventBridge could deliver no IVS event any more).
//
// Usage: node local/e2e/idempotent-up.mjs --tf-dir DIR --queue-url URL [--artifacts DIR] [--plan-only]
//   1. terraform plan -detailed-exitcode: exit 0 ("No changes"); on exit 2 the planned changes are listed
//   2. terraform apply (what a second `scripts/local up` after any change does): 0 added, 0 changed, 0 destroyed
//   3. the events queue still has its policy for events.amazonaws.com (EventBridge's SQS target needs it)
//   --plan-only: step 1 alone (e.g. after broadcasts: the function's own writes must not show up as drift either)
// Whether events are still delivered afterwards is what scripts/e2e checks next (a push goes live through the
// queue). Needs the platform's environment (source $ONAIR_STATE_DIR/env: TF_CLI_CONFIG_FILE, AWS_ENDPOINT_URL...).
// Prints PASS/FAIL lines; exits 1 when a check failed.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const { values: opt } = parseArgs({
  options: {
    'tf-dir': { type: 'string' },
    'queue-url': { type: 'string' },
    artifacts: { type: 'string' },
    'plan-only': { type: 'boolean', default: false },
  },
});
if (!opt['tf-dir'] || !opt['queue-url']) {
  console.error('usage: node local/e2e/idempotent-up.mjs --tf-dir DIR --queue-url URL [--artifacts DIR]');
  process.exit(2);
}

let failed = 0;
const pass = (name, detail) => console.log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
const fail = (name, detail) => {
  failed++;
  console.log(`FAIL ${name}${detail ? ` — ${detail}` : ''}`);
};
const keep = (name, text) => opt.artifacts && writeFileSync(join(opt.artifacts, name), text);

/** Runs a command; resolves {code, out} whatever its exit status (bounded: 15 min). */
async function sh(cmd, args) {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 << 20, timeout: 900_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}
const tf = (...args) => sh('terraform', [`-chdir=${opt['tf-dir']}`, ...args]);

// 1. the plan
const label = opt['plan-only'] ? 'terraform plan after the broadcasts changes nothing'
  : 'a second terraform plan after scripts/local up changes nothing';
const plan = await tf('plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=120s');
keep(opt['plan-only'] ? 'idempotent-plan-late.log' : 'idempotent-plan.log', plan.out);
const changes = [...plan.out.matchAll(/^\s*# (\S+) (will be|must be) ([a-z -]+)$/gm)].map((m) => `${m[1]} ${m[3]}`);
if (plan.code === 0) {
  pass(label, 'exit 0, "No changes"');
} else if (plan.code === 2) {
  fail(label, `planned: ${changes.join('; ')}`);
} else {
  fail(label, `plan failed (exit ${plan.code}): `
    + plan.out.split('\n').filter((l) => /Error/.test(l)).slice(0, 3).join(' '));
}

if (opt['plan-only']) {
  process.exit(failed ? 1 : 0);
}

// 2. the apply a second `scripts/local up` makes
const apply = await tf('apply', '-input=false', '-auto-approve', '-no-color', '-lock-timeout=120s');
keep('idempotent-apply.log', apply.out);
const summary = (apply.out.match(/Apply complete! Resources: [^\n]*/) ?? [''])[0];
if (apply.code === 0 && /0 added, 0 changed, 0 destroyed/.test(summary)) {
  pass('a second terraform apply changes nothing', summary);
} else {
  fail('a second terraform apply changes nothing', apply.code === 0 ? summary : `apply failed (exit ${apply.code})`);
}

// 3. the events queue's policy survived it
// the aws CLI v1 ignores AWS_ENDPOINT_URL for SQS in us-east-1 (see scripts/lib/release.sh aws_sqs)
const endpoint = process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL;
const attrs = await sh('aws', ['sqs', ...(endpoint ? ['--endpoint-url', endpoint] : []), 'get-queue-attributes',
  '--queue-url', opt['queue-url'],
  '--attribute-names', 'Policy', '--query', 'Attributes.Policy', '--output', 'text']);
if (attrs.code === 0 && attrs.out.includes('events.amazonaws.com') && attrs.out.includes('sqs:SendMessage')) {
  pass('the events queue keeps its policy for EventBridge (events.amazonaws.com sqs:SendMessage)');
} else {
  fail('the events queue keeps its policy for EventBridge (events.amazonaws.com sqs:SendMessage)',
    `Policy: ${attrs.out.trim().slice(0, 200) || '(none)'}`);
}
process.exit(failed ? 1 : 0);

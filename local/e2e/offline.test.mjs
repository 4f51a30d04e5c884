// The end-to-end test's steps on the platform just up, before the first push (scripts/e2e steps 1b, 2b, 2c; 2c runs a
// check program of local/e2e whose PASS/FAIL lines are the checks):
//   1b  a second terraform plan/apply after up changes nothing (lib/terraform.mjs)
//   1c  the release and plan roles of scripts/bootstrap.sh allow what the apply made; the boundary keeps the
//       function roles' grants (lib/terraform.mjs, local/iam DeployPermissions)
//   2b  the status API at the edge: hostile headers, then a plain request
//   2c  channel info, link previews and /embed (local/e2e/channel.mjs)
// Run by local/e2e/e2e.mjs (scripts/e2e), or alone against a platform that is up and idle:
//   ONAIR_STATE_DIR=.local/e2e node --test --test-reporter=./local/e2e/lib/e2e-reporter.mjs \
//     --test-reporter-destination=stdout local/e2e/offline.test.mjs
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { figure, ROOT } from './lib/common.mjs';
import { lineChecks, runProgram } from './lib/programs.mjs';
import { applyChangesNothing, deployPermissionsAllowTheStack, planChangesNothing, queueKeepsEventBridgePolicy } from './lib/terraform.mjs';
import { artifacts, env, out } from './lib/scenario.mjs';

const STEP = { timeout: 120_000 }; // each request is bounded at 15 s
const LONG = { timeout: 1_000_000 }; // the programs (runProgram) and terraform are bounded at 900 s
const program = (name) => path.join(ROOT, 'local/e2e', name);

// No perpetual diffs and no apply that breaks the platform (lib/terraform.mjs). That events are still delivered after
// it is what step 3 shows (the push goes live through the events queue). Step 11p plans again after the broadcasts.
describe('1b. A second terraform plan/apply after up changes nothing (no perpetual diffs, the queue policy stays)', () => {
  test('a second terraform plan after scripts/local up changes nothing', LONG,
    (t) => planChangesNothing(t, env, artifacts, 'idempotent-plan.log'));
  test('a second terraform apply changes nothing', LONG, (t) => applyChangesNothing(t, env, artifacts));
  test('the events queue keeps its policy for EventBridge (events.amazonaws.com sqs:SendMessage)', LONG,
    (t) => queueKeepsEventBridgePolicy(t, env, out('events_queue_url')));
});

// What the local apply cannot show by itself (it runs as an administrator, and moto never evaluates a policy): the
// release role scripts/bootstrap.sh makes could create and read every resource of this apply, the plan role read
// them, and the permissions boundary leaves each function role what its own policy grants.
describe('1c. The roles scripts/bootstrap.sh makes allow what this apply made (IAM evaluation, not moto)', () => {
  test('release and plan roles allow every resource of the stack; the boundary keeps the function roles\' grants', LONG,
    (t) => deployPermissionsAllowTheStack(t, env, artifacts));
});

// Issue 10, item 5: the status API at the edge. A hostile request (Origin: https://evil.example with X-Forwarded-Host:
// localhost, or Forwarded: host=localhost) followed at once by a plain one: both must get 200 JSON. Before the fix the
// hostile one got the function's 403, which the edge turned into a cached 404 page that the plain one then got. The
// API is cached at the edge; an unknown /api path is a JSON 404, not an HTML error page.
async function get(pathname, headers = {}) {
  const res = await fetch(new URL(pathname, env.ONAIR_EDGE_URL), { headers, signal: AbortSignal.timeout(15000) });
  const body = await res.text();
  return {
    status: res.status, type: res.headers.get('content-type') || '', xCache: res.headers.get('x-cache') || '', cc: res.headers.get('cache-control') || '', body,
  };
}
function isStatusJson(r) {
  if (r.status !== 200 || !r.type.startsWith('application/json')) return false;
  try {
    return ['live', 'idle'].includes(JSON.parse(r.body).status);
  } catch {
    return false;
  }
}
const brief = (r) => `${r.status} ${r.type.split(';')[0]} [${r.xCache}] ${r.body.slice(0, 80).replace(/\s+/g, ' ')}`;

describe('2b. The status API at the edge: hostile headers, then a plain request', () => {
  const hostiles = [
    { Origin: 'https://evil.example', 'X-Forwarded-Host': 'localhost' },
    { Origin: 'https://evil.example', Forwarded: 'host=localhost;proto=http' },
  ];
  for (const h of hostiles) {
    test(`edge: hostile ${JSON.stringify(h)} then plain: both 200 JSON through the edge`, STEP, async (t) => {
      const hostile = await get('api/stream', h);
      const plain = await get('api/stream');
      assert.ok(isStatusJson(hostile) && isStatusJson(plain), `hostile: ${brief(hostile)} | plain: ${brief(plain)}`);
      figure(t, `hostile: ${hostile.status} [${hostile.xCache}], plain: ${plain.status} [${plain.xCache}]`);
    });
  }
  test('edge: GET /api/stream is cached at the edge (s-maxage, one shared copy)', STEP, async (t) => {
    const first = await get('api/stream');
    const again = await get('api/stream');
    assert.ok(/s-maxage=\d+/.test(first.cc) && /^(Hit|Miss) from cloudfront$/.test(again.xCache), `${first.cc} / ${again.xCache}`);
    figure(t, `Cache-Control: ${first.cc}; then ${again.xCache}`);
  });
  test('edge: an unknown /api path is a JSON 404 (no HTML error page)', STEP, async (t) => {
    const missing = await get('api/nope');
    assert.ok(missing.status === 404 && missing.type.startsWith('application/json'), `${missing.status} ${missing.type} ${missing.body.slice(0, 80)}`);
    figure(t, missing.body.slice(0, 80));
  });
});

// Issue 13 (channel info, link previews, embedding: local/e2e/channel.mjs): scripts/channel set (a bad value changes
// nothing), /api/stream and the page show the info, the served index.html carries the Open Graph tags, the offline
// page counts down and offers an .ics; /embed renders in an iframe of the allowed loopback site, refused in another.
describe('2c. Channel info, link previews and /embed', () => {
  test('channel', LONG, async (t) => {
    const r = await runProgram(env, artifacts, 'channel-e2e.log', 'node', [program('channel.mjs'), '--url', env.ONAIR_EDGE_URL,
      '--embed-port', env.ONAIR_PORT_EMBED_SITE ?? '', '--artifacts', artifacts]);
    await lineChecks(t, r.text, {
      prefix: 'channel: ', finished: /^PASS /, finishedName: 'channel: checks ran', log: r.log,
    });
  });
});

// The end-to-end test's steps on the platform just up, before the first push (scripts/e2e steps 1b, 2b, 2c). Each runs
// a check program of local/e2e whose PASS/FAIL lines are the checks:
//   1b  a second terraform plan/apply after up changes nothing (lib/terraform.mjs)
//   2b  the status API at the edge: hostile headers, then a plain request (local/e2e/edge-api.mjs)
//   2c  channel info, link previews and /embed (local/e2e/channel.mjs)
// Run by local/e2e/e2e.mjs (scripts/e2e), or alone against a platform that is up and idle:
//   ONAIR_STATE_DIR=.local/e2e node --test --test-reporter=./local/e2e/lib/e2e-reporter.mjs \
//     --test-reporter-destination=stdout local/e2e/offline.test.mjs
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from './lib/common.mjs';
import { lineChecks, runProgram } from './lib/programs.mjs';
import { applyChangesNothing, planChangesNothing, queueKeepsEventBridgePolicy } from './lib/terraform.mjs';
import { artifacts, env, out } from './lib/scenario.mjs';

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

// Issue 10, item 5: the status API at the edge (local/e2e/edge-api.mjs): a hostile request (foreign Origin with
// X-Forwarded-Host/Forwarded: localhost) followed at once by a plain one both get 200 JSON; the API is cached at the
// edge; an unknown /api path is a JSON 404, not an HTML error page.
describe('2b. The status API at the edge: hostile headers, then a plain request', () => {
  test('edge', LONG, async (t) => {
    const r = await runProgram(env, artifacts, 'edge-api.log', 'node', [program('edge-api.mjs'), '--url', env.ONAIR_EDGE_URL, '--check']);
    await lineChecks(t, r.text, {
      prefix: 'edge: ', finished: /^(PASS hostile|FAIL )/, finishedName: 'edge: status API checks ran', log: r.log,
    });
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

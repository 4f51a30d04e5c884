// The end-to-end test's steps after the broadcast and the faults (scripts/e2e steps 11r, 11n, 11p); 11r and 11n run a
// check program of local/e2e whose PASS/FAIL lines are the checks:
//   11r  reconnect within the window (same recording) and the viewer count (local/e2e/reconnect.mjs, issue 12)
//   11n  go-live notifications: one per broadcast, none for a reconnect (local/e2e/notify.mjs, issue 13)
//   11p  terraform plan after the broadcasts still changes nothing (lib/terraform.mjs)
// Run by local/e2e/e2e.mjs (scripts/e2e), or alone against a platform that is up and idle:
//   ONAIR_STATE_DIR=.local/e2e node --test --test-reporter=./local/e2e/lib/e2e-reporter.mjs \
//     --test-reporter-destination=stdout local/e2e/sessions.test.mjs
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from './lib/common.mjs';
import { streamKey } from './lib/platform.mjs';
import { lineChecks, runProgram } from './lib/programs.mjs';
import { planChangesNothing } from './lib/terraform.mjs';
import { artifacts, env, out } from './lib/scenario.mjs';

const LONG = { timeout: 1_000_000 }; // the programs (runProgram) and terraform are bounded at 900 s
const program = (name) => path.join(ROOT, 'local/e2e', name);

// Terraform's reconnect window (seconds), or '' when the platform has none
const reconnectWindow = () => {
  try {
    const w = out('reconnect_window_seconds');
    return /^[0-9]+$/.test(w) && Number(w) > 0 ? w : '';
  } catch {
    return '';
  }
};
const rtmp = async () => `${env.ONAIR_RTMP_URL}${await streamKey(out, env).catch(() => '')}`;

// local/e2e/reconnect.mjs: push, cut, push again within the window (the API says reconnecting, then live with the same
// recording playlist; the page says "The broadcaster is reconnecting…"); while the browser plays, viewerCount >= 1.
describe('11r. Reconnect within the window (same recording) and the viewer count (issue 12)', () => {
  test('reconnect', LONG, async (t) => {
    const window = reconnectWindow();
    if (!window) {
      await t.test('reconnect: the platform has a reconnect window', () => assert.fail('terraform output reconnect_window_seconds is not a positive number'));
      return;
    }
    const r = await runProgram(env, artifacts, 'reconnect.log', 'node', [program('reconnect.mjs'), '--url', env.ONAIR_EDGE_URL,
      '--rtmp', await rtmp(), '--artifacts', artifacts, '--window', window], 900);
    await lineChecks(t, r.text, {
      finished: /^(PASS reconnect: live again|FAIL )/, finishedName: 'reconnect: session finished', log: r.log,
    });
  });
});

// local/e2e/notify.mjs: a receiver on the webhook port Terraform configured (NOTIFY_HOOK); a push notifies it exactly
// once (stream, title, viewer URL); a cut and a push again within the reconnect window does not notify again.
describe('11n. Go-live notifications: one per broadcast, none for a reconnect (issue 13)', () => {
  test('notify', LONG, async (t) => {
    const window = reconnectWindow();
    const port = env.ONAIR_PORT_NOTIFY_HOOK ?? '';
    if (!window || !port) {
      await t.test('notify: the platform has a webhook port and a reconnect window', () => assert.fail(`port '${port}', window '${window}'`));
      return;
    }
    const r = await runProgram(env, artifacts, 'notify.log', 'node', [program('notify.mjs'), '--url', env.ONAIR_EDGE_URL,
      '--rtmp', await rtmp(), '--port', port, '--window', window, '--viewer-url', out('viewer_url'), '--artifacts', artifacts], 900);
    await lineChecks(t, r.text, {
      finished: /^(PASS notify: a reconnect|FAIL )/, finishedName: 'notify: session finished', log: r.log,
    });
  });
});

describe("11p. terraform plan after the broadcasts still changes nothing (the function's writes are not drift)", () => {
  test('terraform plan after the broadcasts changes nothing', LONG, (t) => planChangesNothing(t, env, artifacts, 'idempotent-plan-late.log'));
});

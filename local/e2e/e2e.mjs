// The end-to-end test's step groups as one node:test run, in scripts/e2e's order (scripts/e2e brings the platform up
// before them, step 1, and after them destroys it with Terraform and takes it down, steps 12 and 13; see
// scripts/e2e --help). One process, so the groups share what a step learns (lib/scenario.mjs: the first stream, when
// the push started) and each check's line appears as it completes.
//   offline.test.mjs    1b, 2b, 2c: a second apply changes nothing, the status API at the edge, channel info
//   broadcast.test.mjs  2 to 7c: the stream key, the push, Chromium, the recording, a wrong key, offline, replays,
//                       chapters
//   faults.test.mjs     8 to 11 (not with ONAIR_E2E_FAULTS=0, scripts/e2e --no-faults)
//   sessions.test.mjs   11r, 11n, 11p: reconnect and viewer count, go-live notifications, the plan after it all
// Each file also runs alone against a platform that is up (see its head).
await import('./offline.test.mjs');
await import('./broadcast.test.mjs');
if (process.env.ONAIR_E2E_FAULTS !== '0') await import('./faults.test.mjs');
await import('./sessions.test.mjs');

// The end-to-end test's step groups as one node:test run, in scripts/e2e's order (scripts/e2e brings the platform up
// before and takes it down after; see scripts/e2e --help). One process, so the groups share what a step learns
// (lib/scenario.mjs: the first stream, when the push started) and each check's line appears as it completes.
//   broadcast.test.mjs  steps 2 to 7c: the stream key, the push, Chromium, the recording, a wrong key, offline,
//                       replays, chapters
//   faults.test.mjs     steps 8 to 11 (not with ONAIR_E2E_FAULTS=0, scripts/e2e --no-faults)
// Each file also runs alone against a platform that is up (see its head).
await import('./broadcast.test.mjs');
if (process.env.ONAIR_E2E_FAULTS !== '0') await import('./faults.test.mjs');

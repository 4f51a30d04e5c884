// The release rehearsal as one node:test run, in the order the old bash rehearsal ran its checks (see
// scripts/release-rehearsal --help). Each file can also run alone: node --test local/e2e/release/changes.test.mjs
//   release.test.mjs    releases, a failed smoke test, what is deployed, a half-way failure, rollback, frontend,
//                       stream key: against the local platform or (ONAIR_REHEARSAL_MODE=own) a private moto_server
//   bootstrap.test.mjs  scripts/bootstrap.sh twice          replay.test.mjs  scripts/replay-failed-events
//   changes.test.mjs    release_changes                     glibc.test.mjs   scripts/check-glibc
// Run in one process so each check's line appears as it completes.
await import('./release.test.mjs');
await import('./bootstrap.test.mjs');
await import('./replay.test.mjs');
await import('./changes.test.mjs');
await import('./glibc.test.mjs');

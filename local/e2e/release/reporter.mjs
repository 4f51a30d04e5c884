// node:test reporter of the release rehearsal (local/e2e/lib/reporter.mjs, style "rehearsal"): one line per check with
// its figure, "not rehearsed" for what this machine could not rehearse (skipped tests, with the reason), and last
// "rehearsal: N passed, N failed" (the line scripts/release-rehearsal always ended with).
// Usage: node --test-reporter=./local/e2e/release/reporter.mjs --test-reporter-destination=stdout ...
import { lineReporter } from '../lib/reporter.mjs';

export default lineReporter('rehearsal', 'rehearsal');

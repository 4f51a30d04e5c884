// node:test reporter of the end-to-end test's step groups (local/e2e/*.test.mjs, run by scripts/e2e): the lines
// scripts/e2e prints and counts ("PASS name — figure", "FAIL name — figure", "==> step"), see ./reporter.mjs.
// Usage: node --test --test-reporter=./local/e2e/lib/e2e-reporter.mjs --test-reporter-destination=stdout FILE
import { lineReporter } from './reporter.mjs';

export default lineReporter('e2e', 'checks');

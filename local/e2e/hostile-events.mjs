// The hostile-event corpus (lambda/src/test/resources/events/hostile/corpus.json) rendered as lambda's HostileCorpus
// renders it, for a channel and the current moment: one JSON line per event, {"name", "body"}, without touching any
// platform. The run against the running platform (every event dropped, the SSM document byte for byte unchanged) is
// step 9h of the end-to-end test: local/e2e/faults.test.mjs, with the helpers in local/e2e/lib/hostile.mjs.
//
// Usage: node local/e2e/hostile-events.mjs --dry-run --channel-arn ARN --bucket NAME [--corpus FILE]
import { parseArgs } from 'node:util';
import {
  alnum, CORPUS, loadCorpus, render,
} from './lib/hostile.mjs';

const { values: opt } = parseArgs({
  options: {
    corpus: { type: 'string', default: CORPUS },
    'channel-arn': { type: 'string' },
    bucket: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
if (!opt['dry-run'] || !opt['channel-arn'] || !opt.bucket) {
  console.error('usage: node local/e2e/hostile-events.mjs --dry-run --channel-arn ARN --bucket NAME [--corpus FILE]\n'
    + '(the run against the platform is step 9h of scripts/e2e: local/e2e/faults.test.mjs)');
  process.exit(2);
}
const ctx = {
  now: Date.now(), channelArn: opt['channel-arn'], bucket: opt.bucket, liveStreamId: `st-${alnum(23)}`, prefix: 'ivs/v1/x',
};
for (const e of render(loadCorpus(opt.corpus), ctx)) console.log(JSON.stringify(e));

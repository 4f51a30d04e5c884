// The status API through the local edge (local/cloud plays CloudFront), as many viewers poll it (the end-to-end
// checks of the same API, issue 10 item 5, are in local/e2e/offline.test.mjs step 2b):
//   --bench   (scripts/bench-edge) --polls N (1000) --clients C (100) --interval-ms M (1000): C concurrent clients
//             poll GET /api/stream, each every M ms ±20 %, until N polls are done; prints how many went to the
//             origin (X-Cache "Miss from cloudfront": one function invocation each) against the edge TTL.
//
// Usage: node local/e2e/edge-api.mjs --url http://127.0.0.1:PORT/ --bench [...]
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    bench: { type: 'boolean', default: false },
    polls: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '100' },
    'interval-ms': { type: 'string', default: '1000' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help || !opt.url || !opt.bench) {
  console.log('Usage: node local/e2e/edge-api.mjs --url EDGE_URL --bench [--polls N] [--clients C] [--interval-ms M]');
  process.exit(opt.help ? 0 : 2);
}
const api = new URL('api/stream', opt.url).toString();

async function get(headers = {}) {
  const res = await fetch(api, { headers, signal: AbortSignal.timeout(15000) });
  const body = await res.text();
  return { status: res.status, type: res.headers.get('content-type') || '', xCache: res.headers.get('x-cache') || '', cc: res.headers.get('cache-control') || '', body };
}

// --bench
const polls = Number(opt.polls);
const clients = Number(opt.clients);
const interval = Number(opt['interval-ms']);
if (!(polls >= 1 && polls <= 100000 && clients >= 1 && clients <= 1000 && interval >= 0 && interval <= 60000)) {
  console.error('--polls 1..100000, --clients 1..1000, --interval-ms 0..60000');
  process.exit(2);
}
let started = 0;
const counts = { Miss: 0, Hit: 0, Error: 0, other: 0 };
const errorKinds = {}; // "429 [Error from cloudfront]" -> n, "network: TimeoutError" -> n
const latencies = [];
const t0 = performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function client(i) {
  await sleep(Math.random() * interval); // clients do not start in lock-step
  while (started < polls) {
    started += 1;
    const t = performance.now();
    try {
      const r = await get();
      latencies.push(performance.now() - t);
      const kind = r.xCache.split(' ')[0];
      if (r.status !== 200) {
        counts.Error += 1;
        const k = `${r.status} [${r.xCache || 'no X-Cache'}]`;
        errorKinds[k] = (errorKinds[k] || 0) + 1;
      } else if (kind in counts) counts[kind] += 1;
      else counts.other += 1;
    } catch (e) {
      counts.Error += 1;
      const k = `network: ${e.name || 'error'}`;
      errorKinds[k] = (errorKinds[k] || 0) + 1;
    }
    await sleep(interval * (0.8 + 0.4 * Math.random()));
  }
}
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const seconds = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1) : 'n/a');
const first = await get();
const ttl = Number((/s-maxage=(\d+)/.exec(first.cc) || [])[1] || 0);
console.log(`polls: ${polls} from ${clients} concurrent clients (each every ${interval} ms ±20 %) in ${seconds.toFixed(1)} s`);
console.log(`origin fetches (X-Cache Miss = function invocations): ${counts.Miss}; edge hits: ${counts.Hit}; errors: ${counts.Error}; other: ${counts.other}`);
console.log(`origin fetches per 1,000 polls: ${((counts.Miss * 1000) / polls).toFixed(1)}`);
console.log(`errors by status: ${Object.keys(errorKinds).length ? Object.entries(errorKinds).map(([k, n]) => `${k}: ${n}`).join(', ') : 'none'}`);
if (ttl > 0) console.log(`edge TTL (s-maxage): ${ttl} s -> ${(seconds / ttl).toFixed(1)} TTL periods in the run: ${(counts.Miss / Math.max(1, Math.ceil(seconds / ttl))).toFixed(2)} origin fetches per TTL`);
console.log(`poll latency through the edge: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms`);
process.exit(counts.Error ? 1 : 0);

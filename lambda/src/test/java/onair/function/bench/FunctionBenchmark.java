package onair.function.bench;

import onair.function.support.FakeRuntimeApi;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.JvmZip;
import onair.function.support.MotoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, not a test: prints numbers, asserts nothing about time. Run it with scripts/bench-function.
 * <ul>
 *   <li>JVM cold start: start the zip's bootstrap -> first answered GET /api/stream through a local Runtime API;</li>
 *   <li>warm handler latency p50/p99 of GET /api/stream through the function-URL handler (SSM = moto);</li>
 *   <li>SSM calls per 10 000 requests (the cache at work, real clock, default 10 s TTL).</li>
 * </ul>
 */
public final class FunctionBenchmark {

    private FunctionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (MotoServer moto = MotoServer.start()) {
            coldStart(moto, coldRuns);
            warm(moto, requests);
        }
    }

    private static void coldStart(MotoServer moto, int runs) throws Exception {
        Path task = JvmZip.unpack(JvmZip.zip());
        String parameter = "/onair/bench/" + UUID.randomUUID();
        long[] ms = new long[runs];
        try {
            for (int i = 0; i < runs; i++) {
                Path log = Files.createTempFile("bench-bootstrap", ".log");
                try (FakeRuntimeApi api = new FakeRuntimeApi()) {
                    api.enqueue(Fixtures.resource("/function-url-get.json"));
                    long t0 = System.nanoTime();
                    Process p = JvmZip.start(task, "status", api.address(), Map.of(
                            "AWS_ENDPOINT_URL_SSM", moto.endpoint(), "AWS_ENDPOINT_URL_IVS", moto.endpoint(),
                            "ONAIR_STATE_PARAMETER", parameter), log);
                    try {
                        FakeRuntimeApi.Answer a = api.await(120);
                        ms[i] = TimeUnit.NANOSECONDS.toMillis(a.nanos() - t0);
                    } finally {
                        p.destroy();
                        p.waitFor(10, TimeUnit.SECONDS);
                    }
                } finally {
                    Files.deleteIfExists(log);
                }
            }
        } finally {
            JvmZip.deleteTree(task);
        }
        Arrays.sort(ms);
        System.out.printf("cold start (JVM zip, bootstrap -> first answered GET /api/stream): runs=%d min=%d ms "
                + "median=%d ms max=%d ms%n", runs, ms[0], ms[runs / 2], ms[runs - 1]);
    }

    private static void warm(MotoServer moto, int requests) {
        FunctionHarness.useEndpoints(moto.endpoint(), moto.endpoint());
        try (FunctionHarness fn = new FunctionHarness(Map.of("onair-test.manual-clock", "false",
                "onair.channel-arn", ""))) {
            fn.event(Fixtures.event("stream-start"));
            fn.calls().reset();
            // SSM calls are counted from a cold cache over warm-up + measured requests (real clock)
            long first = System.nanoTime();
            int warmup = 2_000;
            for (int i = 0; i < warmup; i++) {
                fn.get("/api/stream", Map.of());
            }
            long[] ns = new long[requests];
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                int status = fn.get("/api/stream", Map.of()).getStatusCode();
                ns[i] = System.nanoTime() - t;
                if (status != 200) {
                    throw new IllegalStateException("request " + i + " answered " + status);
                }
            }
            long wall = System.nanoTime() - start;
            Arrays.sort(ns);
            System.out.printf("warm GET /api/stream through the handler: n=%d p50=%.3f ms p99=%.3f ms "
                            + "max=%.3f ms (%.0f req/s, one thread)%n", requests, ns[requests / 2] / 1e6,
                    ns[(int) (requests * 0.99)] / 1e6, ns[requests - 1] / 1e6, requests / (wall / 1e9));
            int reads = fn.calls().count("GetParameter");
            int total = warmup + requests;
            System.out.printf("SSM calls per 10 000 requests: %.1f (GetParameter=%d for %d requests in %.1f s from a "
                    + "cold cache, TTL 10 s: one read per TTL, whatever the rate)%n",
                    reads * 10_000.0 / total, reads, total, (System.nanoTime() - first) / 1e9);
        }
    }
}

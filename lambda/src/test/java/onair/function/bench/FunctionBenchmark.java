package onair.function.bench;

import onair.function.support.AwsEndpoints;
import onair.function.support.FakeIvs;
import onair.function.support.FakeRuntimeApi;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.JavaRuntime;
import onair.function.support.JvmZip;
import onair.testsupport.MotoServer;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, not a test: prints numbers, asserts nothing about time. Run it with scripts/bench-function.
 * Per variant that runs here (the native binary needs GraalVM and arm64: it does not):
 * <ul>
 *   <li>{@code custom}: the JVM zip's {@code bootstrap} (OnAir's Runtime API loop, as provided.al2023 would
 *       run it with a JVM);</li>
 *   <li>{@code java}: the handler classes under AWS's runtime interface client ({@link JavaRuntime}), as the
 *       managed java21 runtime runs them (without SnapStart, which only AWS can do);</li>
 * </ul>
 * it prints the cold start (process start to the first answered GET /api/stream through a local Runtime API,
 * median of N whole processes), the warm latency through the Runtime API (request handed out -> answer posted,
 * one at a time), and the process's peak RSS (VmHWM). Then, in this process: the warm handler latency of
 * GET /api/stream ({@code StatusHandler.handleRequest}, a parsed function-URL event, one thread) offline and live
 * ({@link #warm}), and the SSM calls per 10 000 requests (real clock, default TTL).
 */
public final class FunctionBenchmark {

    private static final int RUNTIME_API_REQUESTS = 2_000;

    private FunctionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        // "none": only the in-process part (no zip needed), for quick A/B runs of the warm path
        List<String> variants = args.length <= 2 ? List.of("custom", "java")
                : "none".equals(args[2]) ? List.of() : List.of(args[2].split(","));
        try (MotoServer moto = AwsEndpoints.startMoto()) {
            if (!variants.isEmpty()) {
                Path task = JvmZip.unpack(JvmZip.zip());
                try {
                    for (String v : variants) {
                        process(moto, task, v, coldRuns);
                    }
                } finally {
                    JvmZip.deleteTree(task);
                }
            }
            warm(moto, requests);
        }
    }

    private static Process start(String variant, Path task, String api, Map<String, String> env, Path log,
                                 List<String> jvm) throws IOException {
        return switch (variant) {
            case "custom" -> JvmZip.start(task, "status", api, env, log);
            case "java" -> JavaRuntime.start(task, JavaRuntime.STATUS, api, env, log, jvm);
            default -> throw new IllegalArgumentException("unknown variant " + variant + " (custom | java)");
        };
    }

    private static void process(MotoServer moto, Path task, String variant, int runs) throws Exception {
        String parameter = "/onair/bench/" + UUID.randomUUID();
        // The JVM sizes itself from the memory it sees: in Lambda that is the function's memory setting (the
        // execution environment's limit), here it would be the machine's 24 GB. MaxRAM makes each process size its
        // heap and its other pools as in a function of that size (JAVA_TOOL_OPTIONS: read by every JVM, the
        // bootstrap's and the runtime interface client's alike).
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_SSM", moto.url(), "AWS_ENDPOINT_URL_IVS",
                moto.url(), "ONAIR_STATE_PARAMETER", parameter, "JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + memoryMb() + "m");
        List<String> jvm = System.getProperty("onair.bench.jvm", "").isBlank() ? List.of()
                : List.of(System.getProperty("onair.bench.jvm").trim().split("\\s+"));
        String get = Fixtures.resource("/function-url-get.json");
        long[] ms = new long[runs];
        long[] apiNs = new long[RUNTIME_API_REQUESTS];
        long rssKb = 0;
        for (int i = 0; i < runs; i++) {
            Path log = Files.createTempFile("bench-" + variant, ".log");
            try (FakeRuntimeApi api = new FakeRuntimeApi()) {
                api.enqueue(get);
                long t0 = System.nanoTime();
                Process p = start(variant, task, api.address(), env, log, jvm);
                try {
                    FakeRuntimeApi.Answer a = api.await(120);
                    ms[i] = TimeUnit.NANOSECONDS.toMillis(a.nanos() - t0);
                    check(a, log);
                    if (i == runs - 1) { // the last process also serves the warm requests, then its peak RSS
                        for (int r = 0; r < RUNTIME_API_REQUESTS; r++) {
                            long t = System.nanoTime();
                            api.enqueue(get);
                            FakeRuntimeApi.Answer w = api.await(60);
                            apiNs[r] = w.nanos() - t;
                            check(w, log);
                        }
                        rssKb = peakRssKb(p.pid());
                    }
                } finally {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            } finally {
                Files.deleteIfExists(log);
            }
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        Arrays.sort(apiNs);
        System.out.printf("[%s] cold start (process start -> first answered GET /api/stream through the Runtime API): "
                        + "runs=%d median=%d ms min=%d ms max=%d ms (in order: %s)%n", variant, runs,
                sorted[runs / 2], sorted[0], sorted[runs - 1], Arrays.toString(ms));
        System.out.printf("[%s] warm GET /api/stream through the Runtime API: n=%d p50=%.1f us p99=%.1f us%n",
                variant, RUNTIME_API_REQUESTS, apiNs[RUNTIME_API_REQUESTS / 2] / 1e3,
                apiNs[(int) (RUNTIME_API_REQUESTS * 0.99)] / 1e3);
        System.out.printf("[%s] peak RSS (VmHWM of the function process after %d requests, -XX:MaxRAM=%dm as in a "
                        + "%d MB function): %.1f MiB%n", variant, RUNTIME_API_REQUESTS + 1, memoryMb(), memoryMb(),
                rssKb / 1024.0);
    }

    /** The function memory the processes are sized for (scripts/bench-function --memory; default 256 MB). */
    static int memoryMb() {
        return Integer.getInteger("onair.bench.memory-mb", 256);
    }

    private static void check(FakeRuntimeApi.Answer a, Path log) throws IOException {
        if (a.error() || !a.body().contains("\"statusCode\":200")) {
            throw new IllegalStateException("bad answer: " + a.body() + "\n" + Files.readString(log));
        }
    }

    /** VmHWM: the process's peak resident set size, from the kernel. */
    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * Two states: offline with no channel info (the figure measured since the first version of this benchmark: the
     * function is given no channel and the fixture's time is far in the past, so its Stream Start does not apply) and live, the state viewers poll most: a recording
     * (rewind, thumbnails listed in S3), the viewer count from GetStream ({@link FakeIvs}) and the channel's info
     * (its own SSM parameter). Real clock: the caches expire and re-read as in production, inside the timed requests.
     */
    private static void warm(MotoServer moto, int requests) throws IOException {
        FunctionHarness.useEndpoints(moto.url(), moto.url());
        try (FunctionHarness fn = new FunctionHarness(Map.of("onair-test.manual-clock", "false",
                "onair.channel-arn", ""))) {
            fn.event(Fixtures.event("stream-start"));
            fn.calls().reset();
            // SSM calls are counted from a cold cache over warm-up + measured requests (real clock)
            long first = System.nanoTime();
            int total = timed(fn, requests, "offline, no channel info");
            int reads = fn.calls().count("GetParameter");
            System.out.printf("[in process] SSM calls per 10 000 requests: %.1f (GetParameter=%d for %d requests in "
                            + "%.1f s from a cold cache: one read per TTL, whatever the rate)%n",
                    reads * 10_000.0 / total, reads, total, (System.nanoTime() - first) / 1e9);
        }
        try (FakeIvs ivs = new FakeIvs()) {
            FunctionHarness.useEndpoints(moto.url(), ivs.endpoint());
            String channelInfo = "/onair/bench/channel/" + UUID.randomUUID();
            try (FunctionHarness fn = new FunctionHarness(Map.of("onair-test.manual-clock", "false",
                    "onair.channel-info.parameter", channelInfo))) {
                fn.context.getBean(SsmClient.class).putParameter(b -> b.name(channelInfo).type("String").value(
                        "{\"title\":\"Friday night games\",\"description\":\"Three rounds, then questions.\","
                                + "\"nextStreamAt\":\"2099-01-01T20:00:00Z\"}"));
                // the fixtures' times moved to now: the function refuses events from far in the past
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                apply(fn, Fixtures.event("stream-start").replace("2026-01-01T12:00:00Z", now.minusSeconds(5).toString()));
                var utc = now.atZone(java.time.ZoneOffset.UTC);
                String dated = "/" + utc.getYear() + "/" + utc.getMonthValue() + "/" + utc.getDayOfMonth() + "/"
                        + utc.getHour() + "/" + utc.getMinute() + "/"; // IVS's key prefix carries the start time
                apply(fn, Fixtures.event("recording-start").replace("2026-01-01T12:00:05Z", now.toString())
                        .replace("/2026/1/1/12/0/", dated));
                String body = FunctionHarness.body(fn.get("/api/stream", Map.of()));
                if (!body.contains("\"status\":\"live\"") || !body.contains("\"recording\":true")
                        || !body.contains("\"viewerCount\":3") || !body.contains("Friday night games")) {
                    throw new IllegalStateException("not the live state to measure: " + body);
                }
                timed(fn, requests, "live: recording, viewer count, channel info");
            }
        }
    }

    private static void apply(FunctionHarness fn, String event) {
        String outcome = fn.event(event);
        if (!outcome.contains("\"applied\"")) {
            throw new IllegalStateException("event not applied: " + outcome);
        }
    }

    /** Times {@code requests} warm requests after 20 000 untimed ones; returns how many were made in all. */
    private static int timed(FunctionHarness fn, int requests, String state) {
        var event = fn.event("GET", "/api/stream", Map.of());
        int warmup = 20_000;
        for (int i = 0; i < warmup; i++) {
            fn.status.handleRequest(event, null);
        }
        long[] ns = new long[requests];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            int status = fn.status.handleRequest(event, null).getStatusCode();
            ns[i] = System.nanoTime() - t;
            if (status != 200) {
                throw new IllegalStateException("request " + i + " answered " + status);
            }
        }
        long wall = System.nanoTime() - start;
        // bytes this thread allocated per request (the timing array is allocated before): garbage is what
        // eventually costs a collection pause in some request's p99
        double bytesPerRequest = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) requests;
        Arrays.sort(ns);
        System.out.printf("[in process] warm GET /api/stream (%s), StatusHandler.handleRequest: n=%d p50=%.2f us "
                        + "p99=%.2f us max=%.1f us (%.0f req/s, one thread; %.0f bytes allocated per request)%n",
                state, requests, ns[requests / 2] / 1e3, ns[(int) (requests * 0.99)] / 1e3, ns[requests - 1] / 1e3,
                requests / (wall / 1e9), bytesPerRequest);
        return warmup + requests;
    }
}

package onair.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs function code like the provided.al2023 runtime: one {@link FunctionInstance} per execution environment,
 * cold-started on demand, kept warm, replaced after a crash or timeout, stopped when idle, at most the function's
 * reserved concurrency (else {@link FunctionVersion#DEFAULT_CAP}) running at once.
 */
final class LambdaHost implements AutoCloseable {
    /** Async invoke retries (Lambda: 2 retries, 1 min then 2 min; shortened so local tests see them). */
    static final List<Duration> ASYNC_RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final FunctionResolver resolver;
    private final FailureDestination failures;
    private final CodeStore code;
    private final Path functionsDir;
    private final Map<String, String> baseEnv;
    private final Duration idleStop;
    private final Map<String, List<FunctionInstance>> instances = new HashMap<>();
    /** Per function, the invocations waiting for an environment, in arrival order (guarded by instances). */
    private final Map<String, Deque<Object>> waiting = new HashMap<>();
    private final ExecutorService async = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-async");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-idle-reaper");
        t.setDaemon(true);
        return t;
    });

    LambdaHost(FunctionResolver resolver, FailureDestination failures, CodeStore code, Path functionsDir,
               Map<String, String> baseEnv, Duration idleStop) {
        this.resolver = resolver;
        this.failures = failures;
        this.code = code;
        this.functionsDir = functionsDir;
        this.baseEnv = Map.copyOf(baseEnv);
        this.idleStop = idleStop;
        long period = Math.max(1, Math.min(30, idleStop.toSeconds() / 2));
        reaper.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.SECONDS);
    }

    /** RequestResponse invoke. Resolution problems (unknown function, bad code) raise; function problems return. */
    InvokeResult invoke(String nameOrArn, String qualifier, byte[] payload) throws IOException {
        FunctionVersion fn = resolver.resolve(nameOrArn, qualifier);
        Path taskRoot = code.unpacked(fn);
        FunctionInstance instance = acquire(fn, taskRoot);
        try {
            return instance.invoke(payload);
        } finally {
            // wake invocations queued for a free environment now, not at their next 100 ms re-check
            synchronized (instances) {
                instances.notifyAll();
            }
        }
    }

    /**
     * Event invoke: returns at once; runs with Lambda's async retry policy (the function's event invoke config:
     * retries, then its on-failure destination). {@code log} receives one line per attempt and one for the outcome.
     */
    CompletableFuture<InvokeResult> invokeAsync(String nameOrArn, String qualifier, byte[] payload,
                                                Consumer<String> log) {
        return CompletableFuture.supplyAsync(() -> {
            AsyncInvokeConfig config = asyncConfig(nameOrArn, qualifier, log);
            int retries = Math.max(0, Math.min(config.maximumRetryAttempts(), ASYNC_RETRY_DELAYS.size()));
            InvokeResult last = null;
            for (int attempt = 0; attempt <= retries; attempt++) {
                if (attempt > 0) {
                    sleep(ASYNC_RETRY_DELAYS.get(attempt - 1));
                }
                try {
                    last = invoke(nameOrArn, qualifier, payload);
                } catch (Exception e) {
                    last = InvokeResult.error("?", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                }
                log.accept("attempt=" + (attempt + 1) + " version=" + last.executedVersion() + " result="
                        + (last.failed() ? "error " + last.payloadText() : "ok"));
                if (!last.failed()) {
                    return last;
                }
            }
            keepFailed(config, nameOrArn, qualifier, retries + 1, payload, last, log);
            return last;
        }, async);
    }

    private AsyncInvokeConfig asyncConfig(String nameOrArn, String qualifier, Consumer<String> log) {
        try {
            return resolver.asyncConfig(nameOrArn, qualifier);
        } catch (RuntimeException e) {
            log.accept("event invoke config unreadable (" + e.getMessage() + "); using Lambda's defaults");
            return AsyncInvokeConfig.DEFAULTS;
        }
    }

    private void keepFailed(AsyncInvokeConfig config, String nameOrArn, String qualifier, int invokeCount,
                            byte[] payload, InvokeResult last, Consumer<String> log) {
        String destination = config.onFailureDestination();
        if (destination == null) {
            log.accept("retries exhausted; no on-failure destination: the event is dropped (as in Lambda)");
            return;
        }
        String functionArn = qualifier == null || qualifier.isEmpty() ? nameOrArn : nameOrArn + ":" + qualifier;
        try {
            failures.send(destination, functionArn, UUID.randomUUID().toString(), invokeCount, payload, last);
            log.accept("retries exhausted; sent to on-failure destination " + destination);
        } catch (RuntimeException e) {
            log.accept("retries exhausted; on-failure destination " + destination + " FAILED: " + e.getMessage());
        }
    }

    /**
     * A free execution environment for {@code fn}, started when there are fewer than its concurrency cap. Over the
     * cap, invocations wait in arrival order (a Lambda would throttle; locally we queue, fairly: a waiter woken at
     * random let some requests wait half a second behind later ones under load).
     */
    private FunctionInstance acquire(FunctionVersion fn, Path taskRoot) throws IOException {
        synchronized (instances) {
            Deque<Object> line = waiting.computeIfAbsent(fn.name(), k -> new ArrayDeque<>());
            Object ticket = new Object();
            line.addLast(ticket);
            try {
                while (true) {
                    if (line.peekFirst() == ticket) {
                        FunctionInstance free = takeOrStart(fn, taskRoot);
                        if (free != null) {
                            return free;
                        }
                    }
                    instances.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for a free execution environment", e);
            } finally {
                line.remove(ticket);
                instances.notifyAll(); // the next in line may go now
            }
        }
    }

    /** An idle environment of this version, a new one when under the cap, else null. Holds the instances lock. */
    private FunctionInstance takeOrStart(FunctionVersion fn, Path taskRoot) throws IOException {
        List<FunctionInstance> list = instances.computeIfAbsent(fn.name(), k -> new ArrayList<>());
        list.removeIf(i -> !i.alive() && !i.busy());
        for (FunctionInstance i : list) {
            if (!i.busy() && i.alive() && sameVersion(i.function, fn)) {
                i.reserve();
                return i;
            }
        }
        // the alias moved (or code changed): idle environments of other versions are no longer needed
        for (FunctionInstance i : List.copyOf(list)) {
            if (!i.busy() && !sameVersion(i.function, fn)) {
                list.remove(i);
                i.stop();
            }
        }
        if (list.size() >= fn.concurrencyCap()) {
            return null;
        }
        Files.createDirectories(functionsDir);
        FunctionInstance started = new FunctionInstance(fn, taskRoot, functionsDir.resolve(fn.name() + ".log"), baseEnv);
        started.reserve();
        list.add(started);
        System.out.println("lambda: cold start " + fn.name() + ":" + fn.version() + " pid " + started.pid()
                + " (" + list.size() + "/" + fn.concurrencyCap() + " environments)");
        writePids(fn.name(), list);
        return started;
    }

    private static boolean sameVersion(FunctionVersion a, FunctionVersion b) {
        return a.version().equals(b.version()) && a.codeSha256().equals(b.codeSha256());
    }

    private void writePids(String name, List<FunctionInstance> list) throws IOException {
        StringBuilder pids = new StringBuilder();
        for (FunctionInstance i : list) {
            if (i.alive()) {
                pids.append(i.pid()).append('\n');
            }
        }
        Path pidFile = functionsDir.resolve(name + ".pid");
        if (pids.length() == 0) {
            Files.deleteIfExists(pidFile);
        } else {
            Files.writeString(pidFile, pids);
        }
    }

    private void stopIdle() {
        synchronized (instances) {
            Instant cutoff = Instant.now().minus(idleStop);
            for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
                boolean changed = e.getValue().removeIf(i -> {
                    boolean idle = !i.busy() && (i.lastUsed().isBefore(cutoff) || !i.alive());
                    if (idle) {
                        System.out.println("lambda: stopping " + i.function.name() + ":" + i.function.version()
                                + " pid " + i.pid() + (i.alive() ? " (idle)" : " (exited)"));
                        i.stop();
                    }
                    return idle;
                });
                if (changed) {
                    try {
                        writePids(e.getKey(), e.getValue());
                    } catch (IOException ignored) {
                        // the pid file is informational
                    }
                }
            }
            instances.notifyAll();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        async.shutdownNow();
        synchronized (instances) {
            for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
                e.getValue().forEach(FunctionInstance::stop);
                try {
                    Files.deleteIfExists(functionsDir.resolve(e.getKey() + ".pid"));
                } catch (IOException ignored) {
                    // best effort on shutdown
                }
            }
            instances.clear();
        }
    }
}

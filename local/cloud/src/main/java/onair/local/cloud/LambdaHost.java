package onair.local.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * cold-started on demand, kept warm, replaced after a crash or timeout, stopped when idle. How many invocations may
 * run at once is the AWS account's concurrency ({@link AccountConcurrency}): over it a synchronous invoke is
 * throttled at once ({@link TooManyRequestsException}, HTTP 429), never queued, and an asynchronous event goes back
 * to the queue and is retried later with backoff, as Lambda does.
 */
final class LambdaHost implements AutoCloseable {
    /** Async invoke retries after a function error (Lambda: 2 retries, 1 min then 2 min; shortened so local tests see them). */
    static final List<Duration> ASYNC_RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));
    /**
     * Throttled async events: "Lambda returns the event to the queue and attempts to run the function again for up
     * to 6 hours by default. The retry interval increases exponentially from 1 second after the first attempt to a
     * maximum of 5 minutes." (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
     * The first interval is Lambda's; the ceiling is shortened locally (8 s instead of 5 min) so that an event held
     * back by a busy function is not left waiting minutes on a developer's machine.
     */
    static final Duration THROTTLE_FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration THROTTLE_MAX_RETRY = Duration.ofSeconds(8);

    private final FunctionResolver resolver;
    private final FailureDestination failures;
    private final CodeStore code;
    private final Path functionsDir;
    private final Map<String, String> baseEnv;
    private final Duration idleStop;
    private final AccountConcurrency account;
    private final int maxParallelColdStarts;
    private final Map<String, List<FunctionInstance>> instances = new HashMap<>();
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
    /** Wakes events that wait for a retry (the work itself runs on {@link #async}). */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-async-retry");
        t.setDaemon(true);
        return t;
    });

    LambdaHost(FunctionResolver resolver, FailureDestination failures, CodeStore code, Path functionsDir,
               Map<String, String> baseEnv, Duration idleStop, AccountConcurrency account, int maxParallelColdStarts) {
        this.resolver = resolver;
        this.failures = failures;
        this.code = code;
        this.functionsDir = functionsDir;
        this.baseEnv = Map.copyOf(baseEnv);
        this.idleStop = idleStop;
        this.account = account;
        this.maxParallelColdStarts = maxParallelColdStarts;
        long period = Math.max(1, Math.min(30, idleStop.toSeconds() / 2));
        reaper.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.SECONDS);
    }

    AccountConcurrency account() {
        return account;
    }

    /**
     * RequestResponse invoke. Resolution problems (unknown function, bad code) raise; no free concurrency raises
     * {@link TooManyRequestsException} at once; function problems return.
     */
    InvokeResult invoke(String nameOrArn, String qualifier, byte[] payload)
            throws IOException, TooManyRequestsException {
        FunctionVersion fn = resolver.resolve(nameOrArn, qualifier);
        int totalReserved = resolver.reservations().values().stream().mapToInt(Integer::intValue).sum();
        AccountConcurrency.Lease lease = account.acquire(fn.name(), fn.reservedConcurrency(), totalReserved);
        try {
            Path taskRoot = code.unpacked(fn);
            FunctionInstance instance;
            synchronized (instances) {
                // under the limit, the invocation holds its concurrency; on this machine it may wait for a cold
                // start slot (or an environment of its function that turns idle first): see maxParallelColdStarts
                while ((instance = takeOrStart(fn, taskRoot)) == null) {
                    try {
                        instances.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted waiting for a cold start slot", e);
                    }
                }
            }
            try {
                return instance.invoke(payload);
            } finally {
                synchronized (instances) {
                    instances.notifyAll(); // an environment is free for whoever waits for one
                }
            }
        } finally {
            account.release(lease);
        }
    }

    /** One asynchronous event on its way through Lambda's internal queue. */
    private final class AsyncEvent {
        final String nameOrArn;
        final String qualifier;
        final byte[] payload;
        final Consumer<String> log;
        final Instant received = Instant.now();
        final CompletableFuture<InvokeResult> done = new CompletableFuture<>();
        AsyncInvokeConfig config;
        int attempts;
        Duration nextThrottleRetry = THROTTLE_FIRST_RETRY;
        InvokeResult last;

        AsyncEvent(String nameOrArn, String qualifier, byte[] payload, Consumer<String> log) {
            this.nameOrArn = nameOrArn;
            this.qualifier = qualifier;
            this.payload = payload;
            this.log = log;
        }
    }

    /**
     * Event invoke: returns at once; runs with Lambda's async policy. A throttled attempt goes back to the queue and
     * is retried with exponential backoff until the event's maximum age (it does not count as a retry); a function
     * error is retried per the event invoke config; then the on-failure destination. {@code log} receives one line
     * per attempt, per throttle and for the outcome.
     */
    CompletableFuture<InvokeResult> invokeAsync(String nameOrArn, String qualifier, byte[] payload,
                                                Consumer<String> log) {
        AsyncEvent event = new AsyncEvent(nameOrArn, qualifier, payload, log);
        async.execute(() -> attempt(event));
        return event.done;
    }

    private void attempt(AsyncEvent e) {
        try {
            if (e.config == null) {
                e.config = asyncConfig(e.nameOrArn, e.qualifier, e.log);
            }
            InvokeResult r;
            try {
                r = invoke(e.nameOrArn, e.qualifier, e.payload);
            } catch (TooManyRequestsException throttled) {
                Duration wait = e.nextThrottleRetry;
                e.nextThrottleRetry = min(wait.multipliedBy(2), THROTTLE_MAX_RETRY);
                if (tooOld(e, wait)) {
                    expired(e, "throttled (" + throttled.reason() + ")");
                } else {
                    e.log.accept("throttled (" + throttled.reason() + "); back to the queue, next try in "
                            + wait.toMillis() + " ms");
                    later(e, wait);
                }
                return;
            } catch (Exception failure) {
                r = InvokeResult.error("?", failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
            }
            e.attempts++;
            e.last = r;
            e.log.accept("attempt=" + e.attempts + " version=" + r.executedVersion() + " result="
                    + (r.failed() ? "error " + r.payloadText() : "ok"));
            if (!r.failed()) {
                e.done.complete(r);
                return;
            }
            int retries = Math.max(0, Math.min(e.config.maximumRetryAttempts(), ASYNC_RETRY_DELAYS.size()));
            if (e.attempts > retries) {
                keepFailed(e, "RetriesExhausted", "retries exhausted");
                return;
            }
            Duration wait = ASYNC_RETRY_DELAYS.get(e.attempts - 1);
            if (tooOld(e, wait)) {
                expired(e, "function error");
            } else {
                later(e, wait);
            }
        } catch (RuntimeException bug) {
            e.log.accept("async invocation FAILED in the emulator: " + bug);
            e.done.completeExceptionally(bug);
        }
    }

    private boolean tooOld(AsyncEvent e, Duration wait) {
        return Duration.between(e.received, Instant.now()).plus(wait).compareTo(e.config.maximumEventAge()) > 0;
    }

    private void expired(AsyncEvent e, String why) {
        keepFailed(e, "EventAgeExceeded", why + "; maximum event age " + e.config.maximumEventAge().toSeconds()
                + " s reached");
    }

    private void later(AsyncEvent e, Duration wait) {
        try {
            retries.schedule(() -> async.execute(() -> attempt(e)), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            e.done.cancel(false);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private AsyncInvokeConfig asyncConfig(String nameOrArn, String qualifier, Consumer<String> log) {
        try {
            return resolver.asyncConfig(nameOrArn, qualifier);
        } catch (RuntimeException e) {
            log.accept("event invoke config unreadable (" + e.getMessage() + "); using Lambda's defaults");
            return AsyncInvokeConfig.DEFAULTS;
        }
    }

    private void keepFailed(AsyncEvent e, String condition, String why) {
        try {
            String destination = e.config.onFailureDestination();
            if (destination == null) {
                e.log.accept(why + "; no on-failure destination: the event is dropped (as in Lambda)");
                return;
            }
            String functionArn = e.qualifier == null || e.qualifier.isEmpty() ? e.nameOrArn
                    : e.nameOrArn + ":" + e.qualifier;
            try {
                failures.send(destination, functionArn, UUID.randomUUID().toString(), condition, e.attempts,
                        e.payload, e.last);
                e.log.accept(why + "; sent to on-failure destination " + destination);
            } catch (RuntimeException failed) {
                e.log.accept(why + "; on-failure destination " + destination + " FAILED: " + failed.getMessage());
            }
        } finally {
            e.done.complete(e.last);
        }
    }

    /**
     * An idle environment of this version, else a new one (the caller holds a concurrency lease, so the account has
     * room for it), else null when {@link #maxParallelColdStarts} environments are initialising already. Lambda
     * starts environments in parallel on separate hardware; here they share a few cores, and ten JVMs starting at
     * once each took minutes on a loaded 2-core machine (past the init limit, so none ever finished). Holds the
     * instances lock.
     */
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
        if (initialising() >= maxParallelColdStarts) {
            return null;
        }
        stopLeastRecentlyUsedIdleWhenFull();
        Files.createDirectories(functionsDir);
        FunctionInstance started = new FunctionInstance(fn, taskRoot, functionsDir.resolve(fn.name() + ".log"), baseEnv);
        started.reserve();
        list.add(started);
        System.out.println("lambda: cold start " + fn.name() + ":" + fn.version() + " pid " + started.pid()
                + " (" + list.size() + " environments of this function)");
        writePids(fn.name(), list);
        return started;
    }

    /**
     * Lambda keeps idle environments of any number of functions; on one machine every one is a process (a JVM for
     * OnAir), so at most the account limit of them are kept: starting one more first stops the idle environment
     * that was used least recently. In-flight ones are never stopped (the leases bound them to the limit).
     */
    private void stopLeastRecentlyUsedIdleWhenFull() throws IOException {
        int alive = 0;
        FunctionInstance oldest = null;
        String oldestName = null;
        for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
            for (FunctionInstance i : e.getValue()) {
                if (!i.alive()) {
                    continue;
                }
                alive++;
                if (!i.busy() && (oldest == null || i.lastUsed().isBefore(oldest.lastUsed()))) {
                    oldest = i;
                    oldestName = e.getKey();
                }
            }
        }
        if (alive >= account.limit() && oldest != null) {
            System.out.println("lambda: stopping " + oldest.function.name() + ":" + oldest.function.version()
                    + " pid " + oldest.pid() + " (idle; " + alive + " environments on this machine)");
            instances.get(oldestName).remove(oldest);
            oldest.stop();
            writePids(oldestName, instances.get(oldestName));
        }
    }

    private int initialising() {
        int n = 0;
        for (List<FunctionInstance> list : instances.values()) {
            for (FunctionInstance i : list) {
                if (i.initialising()) {
                    n++;
                }
            }
        }
        return n;
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
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        retries.shutdownNow();
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

package onair.local.cloud.lambda.async;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import onair.local.cloud.lambda.AsyncInvokeConfig;
import onair.local.cloud.lambda.AsyncInvoker;
import onair.local.cloud.lambda.FunctionResolver;
import onair.local.cloud.lambda.InvokeResult;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.TooManyRequestsException;

/**
 * Lambda's internal queue for asynchronous invocations
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): each event is tried through the
 * synchronous {@link Invoker}; a throttled attempt goes back to the queue with exponential backoff until the event's
 * maximum age (it does not count as a retry); a function error is retried per the event invoke config
 * ({@link AsyncInvokeConfig}); then the on-failure destination ({@link FailureDestination}).
 */
public final class AsyncInvocations implements AsyncInvoker, AutoCloseable {
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
    private final Invoker invoker;
    private final FailureDestination failures;
    private final ExecutorService async = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-async");
        t.setDaemon(true);
        return t;
    });
    /** Wakes events that wait for a retry (the work itself runs on {@link #async}). */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-async-retry");
        t.setDaemon(true);
        return t;
    });

    public AsyncInvocations(FunctionResolver resolver, Invoker invoker, FailureDestination failures) {
        this.resolver = resolver;
        this.invoker = invoker;
        this.failures = failures;
    }

    /** One asynchronous event on its way through Lambda's internal queue. */
    private static final class AsyncEvent {
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

    @Override
    public CompletableFuture<InvokeResult> invokeAsync(String nameOrArn, String qualifier, byte[] payload,
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
                r = invoker.invoke(e.nameOrArn, e.qualifier, e.payload);
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

    private static boolean tooOld(AsyncEvent e, Duration wait) {
        return Duration.between(e.received, Instant.now()).plus(wait).compareTo(e.config.maximumEventAge()) > 0;
    }

    private void expired(AsyncEvent e, String why) {
        keepFailed(e, "EventAgeExceeded", why + "; maximum event age " + e.config.maximumEventAge().toSeconds()
                + " s reached");
    }

    private void later(AsyncEvent e, Duration wait) {
        try {
            retries.schedule(() -> async.execute(() -> attempt(e)), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
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

    @Override
    public void close() {
        retries.shutdownNow();
        async.shutdownNow();
    }
}

package onair.local.cloud.lambda.instances;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stops environments idle for {@code --idle-stop-seconds} (Lambda keeps idle environments for an unspecified time;
 * locally each is a process, so they do not stay forever). Checks every half idle period, between 1 and 30 s.
 */
final class IdleReaper implements AutoCloseable {
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lambda-idle-reaper");
        t.setDaemon(true);
        return t;
    });

    /** {@code stopIdleSince} receives the cutoff: environments unused since before it are stopped. */
    IdleReaper(Duration idleStop, Consumer<Instant> stopIdleSince) {
        long period = Math.max(1, Math.min(30, idleStop.toSeconds() / 2));
        reaper.scheduleWithFixedDelay(() -> stopIdleSince.accept(Instant.now().minus(idleStop)), period, period,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}

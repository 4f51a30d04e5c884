package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.StateStore;
import onair.function.aws.StreamProbe;
import onair.function.config.OnAirConfig;
import onair.function.state.Decision;
import onair.function.state.StateMachine;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards against a lost Stream End leaving the site "live" forever. Runs only inside a status request that sees
 * "live", at most once per reconcile interval per instance, one check at a time (others skip, never wait).
 * Nothing runs when nobody asks and nothing runs while idle.
 */
@Singleton
public class LiveReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveReconciler.class);

    private final StreamProbe probe;
    private final StateStore store;
    private final StateMachine machine;
    private final Clock clock;
    private final Duration interval;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Instant lastCheck;

    public LiveReconciler(StreamProbe probe, StateStore store, StateMachine machine, Clock clock, OnAirConfig config) {
        this.probe = probe;
        this.store = store;
        this.machine = machine;
        this.clock = clock;
        this.interval = Duration.ofSeconds(Math.max(1, config.reconcileIntervalSeconds()));
    }

    /** @return the state written (or found newer in SSM) when the check changed anything */
    public Optional<StreamState> reconcile(StreamState cached) {
        if (!cached.isLive() || !probe.configured()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant last = lastCheck;
        if (last != null && now.isBefore(last.plus(interval))) {
            return Optional.empty();
        }
        if (!checking.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            lastCheck = now;
            if (probe.probe() == StreamProbe.Answer.LIVE) {
                return Optional.empty();
            }
            // Re-read right before writing: the events function may have written a newer state since our cache.
            StreamState current = store.read();
            Decision d = machine.notBroadcasting(current, now, clock.instant());
            LOG.info("reconcile: {}", d.reason());
            if (d.changed()) {
                store.write(d.state());
            }
            return Optional.of(d.state());
        } catch (RuntimeException e) {
            LOG.warn("reconcile skipped: {}", e.toString());
            return Optional.empty();
        } finally {
            checking.set(false);
        }
    }
}

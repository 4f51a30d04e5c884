package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.StateStore;
import onair.function.config.OnAirConfig;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The status function's view of the SSM document: at most one SSM read per TTL per instance however many requests
 * arrive. Concurrent misses wait on one lock and share the one read; when SSM fails the last known state is
 * served, marked stale, for another TTL (so a failing SSM is not hammered either).
 */
@Singleton
public class StatusCache {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCache.class);

    /**
     * @param state     the document
     * @param fetchedAt when it was read (or when the failed read was attempted)
     * @param stale     the last read failed and this is an older copy
     */
    public record Snapshot(StreamState state, Instant fetchedAt, boolean stale) {
    }

    private final StateStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Object readLock = new Object();
    private volatile Snapshot snapshot;

    public StatusCache(StateStore store, Clock clock, OnAirConfig config) {
        this.store = store;
        this.clock = clock;
        this.ttl = Duration.ofSeconds(Math.max(0, config.cacheTtlSeconds()));
    }

    public Snapshot get() {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (readLock) {
            s = snapshot;
            if (fresh(s)) {
                return s; // another request did the read while this one waited
            }
            try {
                snapshot = new Snapshot(store.read(), clock.instant(), false);
            } catch (RuntimeException e) {
                if (s == null) {
                    throw new StateUnavailableException(e);
                }
                LOG.warn("SSM read failed, serving the state read at {} as stale: {}", s.fetchedAt(), e.toString());
                snapshot = new Snapshot(s.state(), clock.instant(), true);
            }
            return snapshot;
        }
    }

    /** A state this instance just wrote (reconciliation) is the freshest there is. */
    public void put(StreamState state) {
        snapshot = new Snapshot(state, clock.instant(), false);
    }

    private boolean fresh(Snapshot s) {
        return s != null && clock.instant().isBefore(s.fetchedAt().plus(ttl));
    }
}

package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.StateStore;
import onair.function.cache.TtlCache;
import onair.function.config.OnAirConfig;
import onair.function.state.StreamState;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The one owner of how fresh the status is: the per-instance copy of the SSM document (at most one SSM read per
 * {@code onair.cache-ttl-seconds} per instance however many requests arrive; concurrent misses share the one read),
 * the live repair of lost stream events ({@link LiveReconciler}, whose result is the freshest state there is) and
 * the stale flag (the last SSM read failed, the last known state is served, and no reconcile replaced it). The
 * endpoints ask {@link #now()} and only turn the answer into HTTP.
 */
@Singleton
public class CurrentState {

    /**
     * @param state what the status shows now
     * @param stale the last SSM read failed and this is an older copy (never after a reconcile wrote a state)
     */
    public record Current(StreamState state, boolean stale) {
    }

    private final StateStore store;
    private final LiveReconciler reconciler;
    private final TtlCache<StreamState> cache;
    private final TtlCache.Loader<StreamState> reader; // one instance, not one per request
    private volatile Current last; // handed out again while the cache holds the same entry

    public CurrentState(StateStore store, LiveReconciler reconciler, Clock clock, OnAirConfig config) {
        this.store = store;
        this.reconciler = reconciler;
        this.cache = new TtlCache<>(clock, Duration.ofSeconds(config.cacheTtlSeconds()), "SSM state document");
        this.reader = previous -> store.read();
    }

    /** @throws StateUnavailableException SSM could not be read and this instance has no earlier state */
    public Current now() {
        TtlCache.Entry<StreamState> read;
        try {
            read = cache.get(reader);
        } catch (RuntimeException e) {
            throw new StateUnavailableException(e); // only when there is no earlier state to serve as stale
        }
        Optional<StreamState> reconciled = reconciler.reconcile(read.value());
        if (reconciled.isPresent()) {
            cache.put(reconciled.get()); // a state this instance just wrote (or found newer) is the freshest there is
            return new Current(reconciled.get(), false);
        }
        Current c = last;
        if (c == null || c.state() != read.value() || c.stale() != read.stale()) {
            c = new Current(read.value(), read.stale());
            last = c;
        }
        return c;
    }
}

package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.RecordingIndexStore;
import onair.function.config.OnAirConfig;
import onair.function.recordings.RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The status function's copy of the recordings index, with the same TTL as the state document ({@link StatusCache},
 * {@code onair.cache-ttl-seconds}): at most one S3 read per TTL per instance, concurrent misses share one read, a
 * failed read serves the last copy (marked stale) for another TTL, and nothing is read without requests.
 */
@Singleton
public class RecordingsCache {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingsCache.class);

    /** @param stale the last read failed and this is an older copy */
    public record Snapshot(RecordingIndex index, Instant fetchedAt, boolean stale) {
    }

    private final RecordingIndexStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Object readLock = new Object();
    private volatile Snapshot snapshot;

    public RecordingsCache(RecordingIndexStore store, Clock clock, OnAirConfig config) {
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
                return s;
            }
            try {
                snapshot = new Snapshot(store.read(), clock.instant(), false);
            } catch (RuntimeException e) {
                if (s == null) {
                    throw new RecordingsUnavailableException(e);
                }
                LOG.warn("recordings index read failed, serving the copy read at {}: {}", s.fetchedAt(), e.toString());
                snapshot = new Snapshot(s.index(), clock.instant(), true);
            }
            return snapshot;
        }
    }

    private boolean fresh(Snapshot s) {
        return s != null && clock.instant().isBefore(s.fetchedAt().plus(ttl));
    }

    /** The index could not be read and this instance has no earlier copy. */
    public static class RecordingsUnavailableException extends RuntimeException {
        public RecordingsUnavailableException(Throwable cause) {
            super("recordings index unavailable: " + cause.getMessage(), cause);
        }
    }
}

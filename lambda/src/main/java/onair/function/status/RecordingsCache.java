package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.RecordingIndexStore;
import onair.function.cache.TtlCache;
import onair.function.config.OnAirConfig;
import onair.function.recordings.RecordingIndex;
import onair.function.recordings.RecordingsConfig;

import java.time.Clock;
import java.time.Duration;

/**
 * The status function's copy of the recordings index, with the same TTL as the state document ({@link CurrentState},
 * {@code onair.cache-ttl-seconds}): at most one S3 read per TTL per instance, concurrent misses share one read, a
 * failed read serves the last copy (marked stale) for another TTL, and nothing is read without requests. Without a
 * recordings bucket there is nothing to read: the index is empty.
 */
@Singleton
public class RecordingsCache {

    /** @param stale the last read failed and this is an older copy */
    public record Snapshot(RecordingIndex index, boolean stale) {
    }

    private static final Snapshot NONE = new Snapshot(RecordingIndex.empty(), false);

    private final RecordingIndexStore store;
    private final RecordingsConfig recordings;
    private final TtlCache<RecordingIndex> cache;

    public RecordingsCache(RecordingIndexStore store, RecordingsConfig recordings, Clock clock, OnAirConfig config) {
        this.store = store;
        this.recordings = recordings;
        this.cache = new TtlCache<>(clock, Duration.ofSeconds(config.cacheTtlSeconds()), "recordings index");
    }

    /** @throws RecordingsUnavailableException the index could not be read and this instance has no earlier copy */
    public Snapshot get() {
        if (!recordings.configured()) {
            return NONE;
        }
        try {
            TtlCache.Entry<RecordingIndex> e = cache.get(previous -> store.read());
            return new Snapshot(e.value(), e.stale());
        } catch (RuntimeException e) {
            throw new RecordingsUnavailableException(e); // only when there is no earlier copy to serve as stale
        }
    }

    /** The index could not be read and this instance has no earlier copy. */
    public static class RecordingsUnavailableException extends RuntimeException {
        public RecordingsUnavailableException(Throwable cause) {
            super("recordings index unavailable: " + cause.getMessage(), cause);
        }
    }
}

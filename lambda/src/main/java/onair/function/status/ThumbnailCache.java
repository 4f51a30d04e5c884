package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import onair.function.aws.ThumbnailLister;
import onair.function.config.OnAirConfig;
import onair.function.state.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The newest thumbnail of the recording the status shows, kept beside the state: at most one S3 listing per cache
 * TTL per instance while the recording may still change, one listing in all for a recording that has ended (IVS
 * writes nothing after Recording End), and nothing without status requests. Concurrent misses share one listing.
 * A failed listing keeps the last answer for this recording and counts as an attempt (a failing S3 is not hammered).
 */
@Singleton
public class ThumbnailCache {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailCache.class);

    /**
     * @param keyPrefix the recording listed
     * @param url       site path of its newest thumbnail, or null
     * @param listedAt  when it was listed (or attempted)
     * @param settled   listed after the recording ended: final
     */
    private record Entry(String keyPrefix, @Nullable String url, Instant listedAt, boolean settled) {
    }

    private final ThumbnailLister lister;
    private final Clock clock;
    private final Duration ttl;
    private final Object listLock = new Object();
    private volatile Entry entry;

    public ThumbnailCache(ThumbnailLister lister, Clock clock, OnAirConfig config) {
        this.lister = lister;
        this.clock = clock;
        this.ttl = Duration.ofSeconds(Math.max(0, config.cacheTtlSeconds()));
    }

    /** Site path (/ivs/v1/.../media/thumbnails/thumbN.jpg) of the newest thumbnail of {@code r}, or null. */
    @Nullable
    public String newest(@Nullable Recording r) {
        if (r == null || r.bucket() == null || r.bucket().isBlank() || r.keyPrefix() == null) {
            return null;
        }
        Entry e = entry;
        if (usable(e, r)) {
            return e.url();
        }
        synchronized (listLock) {
            e = entry;
            if (usable(e, r)) {
                return e.url();
            }
            boolean settled = !r.inProgress();
            String url;
            try {
                url = lister.newest(r.bucket(), r.keyPrefix()).map(key -> "/" + key).orElse(null);
            } catch (RuntimeException ex) {
                LOG.warn("listing the thumbnails of {} failed; keeping the last answer: {}", r.keyPrefix(),
                        ex.toString());
                url = e != null && e.keyPrefix().equals(r.keyPrefix()) ? e.url() : null;
                settled = false;
            }
            entry = new Entry(r.keyPrefix(), url, clock.instant(), settled);
            return url;
        }
    }

    private boolean usable(@Nullable Entry e, Recording r) {
        if (e == null || !e.keyPrefix().equals(r.keyPrefix())) {
            return false;
        }
        // an answer listed while the recording ran is not final once it has ended: list once more then
        return (e.settled() && !r.inProgress()) || clock.instant().isBefore(e.listedAt().plus(ttl));
    }
}

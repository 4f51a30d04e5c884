package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import onair.function.aws.ThumbnailLister;
import onair.function.cache.TtlCache;
import onair.function.config.OnAirConfig;
import onair.function.state.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

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
     * @param settled   listed after the recording ended: final
     */
    private record Listing(String keyPrefix, @Nullable String url, boolean settled) {
    }

    private final ThumbnailLister lister;
    private final TtlCache<Listing> cache;

    public ThumbnailCache(ThumbnailLister lister, Clock clock, OnAirConfig config) {
        this.lister = lister;
        this.cache = new TtlCache<>(clock, Duration.ofSeconds(config.cacheTtlSeconds()), "thumbnail listing");
    }

    /** Site path (/ivs/v1/.../media/thumbnails/thumbN.jpg) of the newest thumbnail of {@code r}, or null. */
    @Nullable
    public String newest(@Nullable Recording r) {
        if (r == null || r.bucket() == null || r.bucket().isBlank() || r.keyPrefix() == null) {
            return null;
        }
        TtlCache.Entry<Listing> held = cache.held();
        if (held != null && usable(held, r)) {
            return held.value().url(); // the usual case, without the two lambdas below
        }
        return cache.get(e -> usable(e, r), previous -> list(r, previous)).value().url();
    }

    private boolean usable(TtlCache.Entry<Listing> e, Recording r) {
        if (!e.value().keyPrefix().equals(r.keyPrefix())) {
            return false;
        }
        // an answer listed while the recording ran is not final once it has ended: list once more then
        return (e.value().settled() && !r.inProgress()) || cache.fresh(e);
    }

    /** Never throws: a failed listing keeps the last answer for this recording and is not final. */
    private Listing list(Recording r, @Nullable Listing previous) {
        try {
            String url = lister.newest(r.bucket(), r.keyPrefix()).map(key -> "/" + key).orElse(null);
            return new Listing(r.keyPrefix(), url, !r.inProgress());
        } catch (RuntimeException ex) {
            LOG.warn("listing the thumbnails of {} failed; keeping the last answer: {}", r.keyPrefix(), ex.toString());
            String kept = previous != null && previous.keyPrefix().equals(r.keyPrefix()) ? previous.url() : null;
            return new Listing(r.keyPrefix(), kept, false);
        }
    }
}

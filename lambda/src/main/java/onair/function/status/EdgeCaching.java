package onair.function.status;

/**
 * How CloudFront (and browsers) may cache the status API: decided here, once. The CDN's /api/* cache policy
 * (terraform/modules/cdn, {@code api_edge_ttl_seconds}) only lets CloudFront follow these headers: MaxTTL equals
 * {@link #EDGE_TTL_SECONDS}, MinTTL and DefaultTTL are 0. {@code EdgeCachingContractTest} fails when they disagree.
 *
 * <p>Freshness budget for an offline page waiting for a stream to go live (goal: noticed within ~10 s, p95): the
 * SSM document read by the function (its own cache, {@code onair.cache-ttl-seconds}, 2 s) + the edge copy
 * ({@value #EDGE_TTL_SECONDS} s) + the page's poll interval (~4 s). No stale-while-revalidate: CloudFront honours it
 * and it would add its whole window to that budget.
 */
public final class EdgeCaching {

    /** Seconds one answer serves every viewer at one edge location (one function invocation per TTL per edge). */
    public static final int EDGE_TTL_SECONDS = 4;
    /** A stale answer (SSM unreadable; last known state) is shared for less, so recovery shows quickly. */
    public static final int STALE_TTL_SECONDS = 2;

    /** GET /api/stream, fresh. Browsers revalidate with If-None-Match (the page asks with cache: no-cache). */
    public static final String FRESH = "public, max-age=" + EDGE_TTL_SECONDS + ", s-maxage=" + EDGE_TTL_SECONDS;
    public static final String STALE = "public, max-age=" + STALE_TTL_SECONDS + ", s-maxage=" + STALE_TTL_SECONDS;
    /**
     * Every error. CloudFront obeys no-store only for 404/410/414/501; for the other codes the distribution sets the
     * error caching minimum TTL to 0 (terraform/modules/cdn uncached_error_codes), so no error is ever shared.
     */
    public static final String ERROR = "no-store";

    private EdgeCaching() {
    }
}

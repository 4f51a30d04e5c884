package onair.local.cloud.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The edge's object cache: entries live for the TTL CloudFront would compute from the cache policy. */
final class EdgeCache {
    private static final int MAX_ENTRIES = 10_000;

    /** A cached origin response. */
    record Entry(int status, Map<String, List<String>> headers, byte[] body, Instant storedAt, Duration ttl) {
        boolean fresh(Instant now) {
            return now.isBefore(storedAt.plus(ttl));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Entry get(String key) {
        Entry e = entries.get(key);
        if (e != null && !e.fresh(Instant.now())) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    void put(String key, Entry entry) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude but bounded; a local edge never holds many objects
        }
        entries.put(key, entry);
    }

    /**
     * Drops cached objects whose path matches an invalidation path ("/a/b.html", "/a/*", "/*"), as a
     * CreateInvalidation does; keys are "distribution|pattern|path?query|...".
     */
    void invalidate(List<String> paths) {
        entries.keySet().removeIf(key -> {
            String[] parts = key.split("\\|", 4);
            String path = parts.length > 2 ? parts[2] : key;
            int q = path.indexOf('?');
            String bare = q < 0 ? path : path.substring(0, q);
            for (String p : paths) {
                if (p.endsWith("*") ? bare.startsWith(p.substring(0, p.length() - 1)) : bare.equals(p)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * CloudFront's TTL rule: with origin Cache-Control max-age/s-maxage (or Expires) the value clamped to
     * [min, max]; without, the default TTL; no-store/no-cache/private mean "do not cache" unless MinTTL > 0.
     */
    static Duration ttl(String cacheControl, String expires, long minTtl, long defaultTtl, long maxTtl) {
        if (maxTtl <= 0 && defaultTtl <= 0) {
            return Duration.ZERO;
        }
        Long origin = null;
        if (cacheControl != null) {
            String cc = cacheControl.toLowerCase(Locale.ROOT);
            if (cc.contains("no-store") || cc.contains("no-cache") || cc.contains("private")) {
                return Duration.ofSeconds(Math.max(0, minTtl));
            }
            Long maxAge = directive(cc, "s-maxage");
            origin = maxAge != null ? maxAge : directive(cc, "max-age");
        }
        if (origin == null && expires != null) {
            try {
                Instant at = java.time.ZonedDateTime.parse(expires,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                origin = Math.max(0, Duration.between(Instant.now(), at).toSeconds());
            } catch (java.time.format.DateTimeParseException ignored) {
                // an invalid Expires is treated as absent
            }
        }
        long seconds = origin == null ? defaultTtl : Math.max(minTtl, Math.min(maxTtl, origin));
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    /** Status codes CloudFront caches when the origin answers them (416 never; 410 per the no-store rule below). */
    static final java.util.Set<Integer> CACHED_ERRORS =
            java.util.Set.of(400, 403, 404, 405, 410, 414, 500, 501, 502, 503, 504);
    /** The only codes for which CloudFront obeys Cache-Control no-store / no-cache / private on an error. */
    static final java.util.Set<Integer> NO_STORE_HONOURED = java.util.Set.of(404, 410, 414, 501);
    /** "CloudFront caches error responses for a default duration of 10 seconds." */
    static final long DEFAULT_ERROR_CACHING_SECONDS = 10;

    /**
     * How long CloudFront keeps an origin's error answer, per
     * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html and
     * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html:
     * the Error Caching Minimum TTL of a custom error response for that code, else 10 s; an origin max-age /
     * s-maxage / Expires counts when larger (capped by the behaviour's MaxTTL); no-store, no-cache and private are
     * obeyed for 404, 410, 414 and 501 only, and ignored for every other code. The TTLs of the cache policy do
     * not switch this off (a CachingDisabled behaviour still caches errors).
     *
     * @param customMinTtl the distribution's ErrorCachingMinTTL for this code, or null when none is configured
     */
    static Duration errorTtl(int status, String cacheControl, String expires, Long customMinTtl, long maxTtl) {
        if (!CACHED_ERRORS.contains(status)) {
            return Duration.ZERO;
        }
        long min = customMinTtl != null ? Math.max(0, customMinTtl) : DEFAULT_ERROR_CACHING_SECONDS;
        Long origin = null;
        if (cacheControl != null) {
            String cc = cacheControl.toLowerCase(Locale.ROOT);
            if ((cc.contains("no-store") || cc.contains("no-cache") || cc.contains("private"))
                    && NO_STORE_HONOURED.contains(status)) {
                return Duration.ZERO;
            }
            Long maxAge = directive(cc, "s-maxage");
            origin = maxAge != null ? maxAge : directive(cc, "max-age");
        }
        if (origin == null && expires != null) {
            try {
                Instant at = java.time.ZonedDateTime.parse(expires,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                origin = Math.max(0, Duration.between(Instant.now(), at).toSeconds());
            } catch (java.time.format.DateTimeParseException ignored) {
                // an invalid Expires is treated as absent
            }
        }
        long seconds = origin == null ? min : Math.max(min, Math.min(origin, Math.max(0, maxTtl)));
        return Duration.ofSeconds(seconds);
    }

    private static Long directive(String cc, String name) {
        for (String part : cc.split(",")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) {
                try {
                    return Long.parseLong(p.substring(name.length() + 1).replace("\"", "").trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}

package onair.local.cloud.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * CloudFront's request collapsing. The developer guide, "Simultaneous requests for the same object (request
 * collapsing)"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#request-custom-traffic-spikes,
 * the same text for S3 origins at
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorS3Origin.html#request-s3-traffic-spikes):
 * when a request for an object that is not in the cache (or has expired) goes to the origin and more requests for
 * the same object, with the same cache key, arrive before the origin answered, CloudFront pauses them instead of
 * forwarding them, and sends the response of the first request to every request it received while paused.
 * Requests with different cache keys are not collapsed. To prevent collapsing for an object the guide says to set
 * the behaviour's Minimum TTL to 0 and have the origin send {@code Cache-Control: private}, {@code no-store},
 * {@code no-cache}, {@code max-age=0} or {@code s-maxage=0}; a cache policy with TTL 0 alone does not prevent it.
 *
 * <p>Without this, every viewer whose request arrived while the first origin request of an expired object was
 * under way went to the origin too: 100 viewers polling an object with a 4 s TTL through a 50-250 ms origin made
 * about ten origin requests per TTL instead of one.
 */
final class RequestCollapsing {
    /** An origin answer as the edge served it to the request that fetched it; {@code collapsible} per the guide. */
    record Fetched(OriginResponse response, String xCache, boolean collapsible) {
    }

    /** What a request got: its own origin answer ({@code fetched} true) or a copy of the first request's. */
    record Outcome(boolean fetched, OriginResponse response, String xCache) {
    }

    private static final int MAX_UNCOLLAPSED_KEYS = 10_000;

    private final Map<String, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    /** Keys whose last origin answer asked not to be collapsed (Minimum TTL 0 and private/no-store/...). */
    private final Set<String> uncollapsed = ConcurrentHashMap.newKeySet();
    private final Duration maxWait;

    /** @param maxWait how long a paused request waits for the first one (beyond it, it goes to the origin itself) */
    RequestCollapsing(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * Runs {@code origin} for the first request of {@code key}; requests for the same key that arrive meanwhile
     * wait and get a copy of its answer.
     */
    Outcome fetch(String key, Supplier<Fetched> origin) {
        if (uncollapsed.contains(key)) {
            return own(key, origin.get());
        }
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            try {
                Fetched f = origin.get();
                mine.complete(new Fetched(copy(f.response()), f.xCache(), f.collapsible()));
                return own(key, f);
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(key, mine);
            }
        }
        try {
            Fetched first = running.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            OriginResponse r = copy(first.response());
            return new Outcome(false, r, r.status() >= 400 ? "Error" : "Hit");
        } catch (ExecutionException | TimeoutException e) {
            return own(key, origin.get()); // the first request failed inside the edge, or hangs: go alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return own(key, origin.get());
        }
    }

    private Outcome own(String key, Fetched f) {
        if (f.collapsible()) {
            uncollapsed.remove(key);
        } else {
            if (uncollapsed.size() >= MAX_UNCOLLAPSED_KEYS) {
                uncollapsed.clear(); // bounded; forgetting only means one more collapsed round for a key
            }
            uncollapsed.add(key);
        }
        return new Outcome(true, f.response(), f.xCache());
    }

    /**
     * The guide's way to prevent collapsing: Minimum TTL 0 and an origin {@code Cache-Control} of private,
     * no-store, no-cache, max-age=0 or s-maxage=0.
     */
    static boolean collapsible(long minTtl, String cacheControl) {
        if (minTtl > 0 || cacheControl == null) {
            return true;
        }
        for (String part : cacheControl.toLowerCase(java.util.Locale.ROOT).split(",")) {
            String p = part.trim().replace("\"", "");
            if (p.equals("private") || p.startsWith("private=") || p.equals("no-store") || p.equals("no-cache")
                    || p.startsWith("no-cache=") || p.equals("max-age=0") || p.equals("s-maxage=0")) {
                return false;
            }
        }
        return true;
    }

    private static OriginResponse copy(OriginResponse r) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().forEach((k, v) -> h.put(k, List.copyOf(v)));
        return new OriginResponse(r.status(), h, r.body());
    }
}

package onair.local.cloud.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.aws.Xml;
import onair.local.cloud.cloudfront.DistributionSource;
import onair.local.cloud.cloudfront.PolicyKind;
import onair.local.cloud.cloudfront.PolicyStore;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;

/**
 * Plays CloudFront for the distribution stored in moto: behaviour routing by path pattern, allowed methods,
 * caching per cache policy, origin requests signed like OAC (S3 in moto; function URLs via the local front),
 * custom error responses, default root object, and the response headers policy.
 */
public final class Edge implements HttpHandler {
    private final Supplier<DistributionSource.Snapshot> distribution;
    private final PolicyStore policies;
    private final OriginFetcher origins;
    private final EdgeCache cache = new EdgeCache();
    /** Paused requests wait at most this long for the first one: above any origin read timeout the edge uses. */
    private final RequestCollapsing collapsing = new RequestCollapsing(Duration.ofSeconds(75));

    /** @param distribution the current distribution, or null while none exists (e.g. {@code DistributionSource::get}) */
    public Edge(Supplier<DistributionSource.Snapshot> distribution, PolicyStore policies, OriginFetcher origins) {
        this.distribution = distribution;
        this.policies = policies;
        this.origins = origins;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            send(exchange, OriginFetcher.error(502, "The request could not be satisfied. Local edge failure: " + e), "Error");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = Exchanges.body(exchange);
        DistributionSource.Snapshot d = distribution.get();
        if (d == null) {
            send(exchange, OriginFetcher.error(503, "No CloudFront distribution exists yet (apply Terraform first)."), "Error");
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (path.equals("/") && d.config().defaultRootObject() != null && !d.config().defaultRootObject().isEmpty()) {
            path = "/" + d.config().defaultRootObject();
        }
        EdgeBehavior behavior = behavior(d, path);
        if (!behavior.allowedMethods().contains(method)) {
            send(exchange, OriginFetcher.error(403, "This distribution is not configured to allow the HTTP request method that"
                    + " was used for this request. The distribution supports only cachable requests."), "Error");
            return;
        }
        Element cachePolicy = policyConfig(PolicyKind.CACHE, behavior.cachePolicyId());
        Element headersPolicy = policyConfig(PolicyKind.RESPONSE_HEADERS, behavior.responseHeadersPolicyId());
        Element requestPolicy = policyConfig(PolicyKind.ORIGIN_REQUEST, behavior.originRequestPolicyId());
        boolean cacheable = behavior.cachedMethods().contains(method) && cachePolicy != null;
        String key = cacheable ? cacheKey(d, behavior, path, rawQuery, exchange, cachePolicy) : null;
        Instant now = Instant.now();
        EdgeCache.Entry hit = key == null ? null : cache.get(key);
        OriginResponse response;
        String xCache;
        if (hit != null && hit.status() == 200 && etagMatches(Exchanges.header(exchange, "If-None-Match"),
                first(hit.headers(), "ETag"))) {
            response = notModified(hit.headers());
            xCache = "Hit";
        } else if (hit != null) {
            response = new OriginResponse(hit.status(), copy(hit.headers()), hit.body());
            // No Age: the JDK server stamps every answer with its own Date, so Date is already the time of this
            // answer (CloudFront keeps the origin's Date and adds Age; Date + Age is the same time either way, and
            // it is what the page's clock reads: frontend/src/clock.js). local/cloud README, differences.
            xCache = hit.status() >= 400 ? "Error" : "Hit";
        } else if (key != null && method.equals("GET")) {
            // a miss of a cacheable GET: simultaneous requests with this cache key share one origin request
            String k = key;
            String p = path;
            RequestCollapsing.Outcome o = collapsing.fetch(key, () -> fetchAndStore(d, behavior, method, p,
                    rawQuery, exchange, body, cachePolicy, requestPolicy, k, now));
            if (!o.fetched() && o.response().status() == 200 && etagMatches(Exchanges.header(exchange,
                    "If-None-Match"), first(o.response().headers(), "ETag"))) {
                response = notModified(o.response().headers());
            } else {
                response = o.response();
            }
            xCache = o.xCache();
        } else {
            RequestCollapsing.Fetched f = fetchAndStore(d, behavior, method, path, rawQuery, exchange, body,
                    cachePolicy, requestPolicy, method.equals("GET") ? key : null, now);
            response = f.response();
            xCache = f.xCache();
        }
        ResponseHeadersPolicies.apply(headersPolicy, response.headers());
        send(exchange, response, xCache);
    }

    /**
     * Goes to the origin, applies custom error responses and stores what CloudFront would cache under
     * {@code key} (null: store nothing, e.g. a HEAD answer has no body: it may be served from a cached GET but is
     * never stored).
     */
    private RequestCollapsing.Fetched fetchAndStore(DistributionSource.Snapshot d, EdgeBehavior behavior,
                                                    String method, String path, String rawQuery,
                                                    HttpExchange exchange, byte[] body, Element cachePolicy,
                                                    Element requestPolicy, String key, Instant now) {
        OriginResponse response = origins.fetch(d, behavior, method, path, rawQuery, exchange, body, cachePolicy,
                requestPolicy);
        int originStatus = response.status();
        String originCacheControl = first(response.headers(), "Cache-Control");
        String originExpires = first(response.headers(), "Expires");
        response = customError(d, response, exchange);
        String xCache = response.status() >= 400 ? "Error" : "Miss";
        long minTtl = cachePolicy == null ? 0 : Xml.number(cachePolicy, 0, "MinTTL");
        Duration errorTtl = originStatus >= 400 ? EdgeCache.errorTtl(originStatus, originCacheControl,
                originExpires, errorCachingTtl(d, originStatus), cachePolicy == null ? 0
                        : Xml.number(cachePolicy, 31536000, "MaxTTL")) : null;
        if (key != null && errorTtl != null && !errorTtl.isZero()) {
            cache.put(key, new EdgeCache.Entry(response.status(), copy(response.headers()), response.body(), now,
                    errorTtl));
        } else if (key != null && originStatus < 400) {
            Duration ttl = EdgeCache.ttl(originCacheControl, originExpires, minTtl,
                    Xml.number(cachePolicy, 86400, "DefaultTTL"), Xml.number(cachePolicy, 31536000, "MaxTTL"));
            if (!ttl.isZero()) {
                cache.put(key, new EdgeCache.Entry(response.status(), copy(response.headers()), response.body(),
                        now, ttl));
            }
        }
        return new RequestCollapsing.Fetched(response, xCache,
                RequestCollapsing.collapsible(minTtl, originCacheControl));
    }

    /**
     * CloudFront answers a viewer's conditional GET from its cached copy
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#request-custom-headers-behavior).
     */
    private static OriginResponse notModified(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> h = copy(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("Content-Length"));
        return new OriginResponse(304, h, new byte[0]);
    }

    /** The paths of a CreateInvalidation: cached copies are dropped at once. */
    public void invalidate(List<String> paths) {
        cache.invalidate(paths);
    }

    /** The ErrorCachingMinTTL a custom error response sets for this code, or null (CloudFront's default applies). */
    private static Long errorCachingTtl(DistributionSource.Snapshot d, int status) {
        if (d.config().customErrorResponses() == null || d.config().customErrorResponses().items() == null) {
            return null;
        }
        for (CustomErrorResponse c : d.config().customErrorResponses().items()) {
            if (c.errorCode() != null && c.errorCode() == status) {
                return c.errorCachingMinTTL();
            }
        }
        return null;
    }

    private EdgeBehavior behavior(DistributionSource.Snapshot d, String path) {
        for (CacheBehavior b : d.ordered()) {
            if (PathPatterns.matches(b.pathPattern(), path)) {
                return EdgeBehavior.of(b);
            }
        }
        return EdgeBehavior.of(d.config().defaultCacheBehavior());
    }

    private Element policyConfig(PolicyKind kind, String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        return policies.get(kind, id).map(PolicyStore.Policy::configElement).orElse(null);
    }

    /** Key = behaviour + path + the query strings and headers the cache policy puts in the key. */
    private static String cacheKey(DistributionSource.Snapshot d, EdgeBehavior b, String path, String rawQuery,
                                   HttpExchange exchange, Element cachePolicy) {
        Element params = Xml.child(cachePolicy, "ParametersInCacheKeyAndForwardedToOrigin");
        StringBuilder key = new StringBuilder(d.id()).append('|').append(b.pathPattern()).append('|').append(path);
        key.append('?').append(String.join("&", OriginFetcher.keptQuery(rawQuery, Xml.child(params, "QueryStringsConfig"),
                "QueryStringBehavior", "QueryStrings")));
        Element headersConfig = Xml.child(params, "HeadersConfig");
        if ("whitelist".equals(Xml.text(headersConfig, "HeaderBehavior"))) {
            for (String h : Xml.items(headersConfig, "Headers")) {
                key.append('|').append(h.toLowerCase(Locale.ROOT)).append('=').append(Exchanges.header(exchange, h));
            }
        }
        return key.toString();
    }

    /** Custom error responses: replace an origin error with the configured page and status. */
    private OriginResponse customError(DistributionSource.Snapshot d, OriginResponse response, HttpExchange exchange) {
        if (response.status() < 400 || d.config().customErrorResponses() == null
                || d.config().customErrorResponses().items() == null) {
            return response;
        }
        for (CustomErrorResponse c : d.config().customErrorResponses().items()) {
            if (c.errorCode() == null || c.errorCode() != response.status()) {
                continue;
            }
            int status = c.responseCode() == null || c.responseCode().isEmpty()
                    ? response.status() : Integer.parseInt(c.responseCode());
            if (c.responsePagePath() == null || c.responsePagePath().isEmpty()) {
                return new OriginResponse(status, response.headers(), response.body());
            }
            EdgeBehavior b = behavior(d, c.responsePagePath());
            OriginResponse page = origins.fetch(d, b, "GET", c.responsePagePath(), null, exchange, new byte[0],
                    policyConfig(PolicyKind.CACHE, b.cachePolicyId()),
                    policyConfig(PolicyKind.ORIGIN_REQUEST, b.originRequestPolicyId()));
            if (page.status() >= 400) {
                return response;
            }
            return new OriginResponse(status, page.headers(), page.body());
        }
        return response;
    }

    private static void send(HttpExchange exchange, OriginResponse r, String xCache) throws IOException {
        r.headers().forEach((k, v) -> {
            if (!OriginFetcher.HOP.contains(k.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(k, v);
            }
        });
        exchange.getResponseHeaders().set("X-Cache", xCache + " from cloudfront");
        exchange.getResponseHeaders().set("Via", "1.1 local.cloudfront.net (CloudFront)");
        exchange.getResponseHeaders().set("X-Amz-Cf-Pop", "LOCAL");
        exchange.getResponseHeaders().set("X-Amz-Cf-Id", UUID.randomUUID().toString().replace("-", ""));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        boolean noBody = head || r.body().length == 0 || r.status() == 204 || r.status() == 304;
        if (head) {
            List<String> originLength = r.headers().get("Content-Length");
            exchange.getResponseHeaders().set("Content-Length", originLength != null && !originLength.isEmpty()
                    ? originLength.get(0) : Integer.toString(r.body().length));
        }
        exchange.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
        exchange.close();
    }

    /** If-None-Match against a cached ETag: weak comparison, lists and * (RFC 9110 13.1.2). */
    static boolean etagMatches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static TreeMap<String, List<String>> copy(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}

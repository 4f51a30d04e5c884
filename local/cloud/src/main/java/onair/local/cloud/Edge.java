package onair.local.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.Origin;

/**
 * Plays CloudFront for the distribution stored in moto: behaviour routing by path pattern, allowed methods,
 * caching per cache policy, origin requests signed like OAC (S3 in moto; function URLs via the local front),
 * custom error responses, default root object, and the response headers policy.
 */
final class Edge implements HttpHandler {
    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive",
            "date", "server", "host", "upgrade", "expect", "te", "trailer");

    /** The parts of a default or ordered cache behaviour the edge acts on. */
    record Behavior(String pathPattern, String targetOriginId, String cachePolicyId, String originRequestPolicyId,
                    String responseHeadersPolicyId, List<String> allowedMethods, List<String> cachedMethods) {
        static Behavior of(DefaultCacheBehavior b) {
            return new Behavior("*", b.targetOriginId(), b.cachePolicyId(), b.originRequestPolicyId(),
                    b.responseHeadersPolicyId(), methods(b.allowedMethods() == null ? null : b.allowedMethods().itemsAsStrings()),
                    b.allowedMethods() == null || b.allowedMethods().cachedMethods() == null ? List.of("GET", "HEAD")
                            : b.allowedMethods().cachedMethods().itemsAsStrings());
        }

        static Behavior of(CacheBehavior b) {
            return new Behavior(b.pathPattern(), b.targetOriginId(), b.cachePolicyId(), b.originRequestPolicyId(),
                    b.responseHeadersPolicyId(), methods(b.allowedMethods() == null ? null : b.allowedMethods().itemsAsStrings()),
                    b.allowedMethods() == null || b.allowedMethods().cachedMethods() == null ? List.of("GET", "HEAD")
                            : b.allowedMethods().cachedMethods().itemsAsStrings());
        }

        private static List<String> methods(List<String> m) {
            return m == null || m.isEmpty() ? List.of("GET", "HEAD") : m;
        }
    }

    /** An origin's answer, or the edge's own error. */
    private record Fetched(int status, TreeMap<String, List<String>> headers, byte[] body) {
    }

    private final DistributionSource distribution;
    private final PolicyStore policies;
    private final HttpClient http;
    private final URI moto;
    private final URI functionUrlFront;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final EdgeCache cache = new EdgeCache();

    Edge(DistributionSource distribution, PolicyStore policies, HttpClient http, URI moto, URI functionUrlFront,
         String region, String accessKey, String secretKey) {
        this.distribution = distribution;
        this.policies = policies;
        this.http = http;
        this.moto = moto;
        this.functionUrlFront = functionUrlFront;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            send(exchange, error(502, "The request could not be satisfied. Local edge failure: " + e), "Error");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = Exchanges.body(exchange);
        DistributionSource.Snapshot d = distribution.get();
        if (d == null) {
            send(exchange, error(503, "No CloudFront distribution exists yet (apply Terraform first)."), "Error");
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (path.equals("/") && d.config().defaultRootObject() != null && !d.config().defaultRootObject().isEmpty()) {
            path = "/" + d.config().defaultRootObject();
        }
        Behavior behavior = behavior(d, path);
        if (!behavior.allowedMethods().contains(method)) {
            send(exchange, error(403, "This distribution is not configured to allow the HTTP request method that"
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
        Fetched response;
        String xCache;
        if (hit != null) {
            response = new Fetched(hit.status(), copy(hit.headers()), hit.body());
            response.headers().put("Age", List.of(Long.toString(hit.ageSeconds(now))));
            xCache = hit.status() >= 400 ? "Error" : "Hit";
        } else {
            response = fetch(d, behavior, method, path, rawQuery, exchange, body, cachePolicy, requestPolicy);
            int originStatus = response.status();
            response = customError(d, response, exchange);
            xCache = response.status() >= 400 ? "Error" : "Miss";
            Long errorTtl = originStatus >= 400 ? errorCachingTtl(d, originStatus) : null;
            if (key != null && errorTtl != null && errorTtl > 0) {
                cache.put(key, new EdgeCache.Entry(response.status(), copy(response.headers()), response.body(), now,
                        Duration.ofSeconds(errorTtl)));
            } else if (key != null && originStatus < 400) {
                Duration ttl = EdgeCache.ttl(first(response.headers(), "Cache-Control"),
                        first(response.headers(), "Expires"), Xml.number(cachePolicy, 0, "MinTTL"),
                        Xml.number(cachePolicy, 86400, "DefaultTTL"), Xml.number(cachePolicy, 31536000, "MaxTTL"));
                if (!ttl.isZero()) {
                    cache.put(key, new EdgeCache.Entry(response.status(), copy(response.headers()), response.body(),
                            now, ttl));
                }
            }
        }
        ResponseHeadersPolicies.apply(headersPolicy, response.headers());
        send(exchange, response, xCache);
    }

    /** The paths of a CreateInvalidation: cached copies are dropped at once. */
    void invalidate(List<String> paths) {
        cache.invalidate(paths);
    }

    /** Errors are cached only when a custom error response sets ErrorCachingMinTTL (CloudFront's 10 s default is not emulated). */
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

    private Behavior behavior(DistributionSource.Snapshot d, String path) {
        for (CacheBehavior b : d.ordered()) {
            if (PathPatterns.matches(b.pathPattern(), path)) {
                return Behavior.of(b);
            }
        }
        return Behavior.of(d.config().defaultCacheBehavior());
    }

    private Element policyConfig(PolicyKind kind, String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        return policies.get(kind, id).map(PolicyStore.Policy::configElement).orElse(null);
    }

    /** Key = behaviour + path + the query strings and headers the cache policy puts in the key. */
    private static String cacheKey(DistributionSource.Snapshot d, Behavior b, String path, String rawQuery,
                                   HttpExchange exchange, Element cachePolicy) {
        Element params = Xml.child(cachePolicy, "ParametersInCacheKeyAndForwardedToOrigin");
        StringBuilder key = new StringBuilder(d.id()).append('|').append(b.pathPattern()).append('|').append(path);
        key.append('?').append(String.join("&", keptQuery(rawQuery, Xml.child(params, "QueryStringsConfig"),
                "QueryStringBehavior", "QueryStrings")));
        Element headersConfig = Xml.child(params, "HeadersConfig");
        if ("whitelist".equals(Xml.text(headersConfig, "HeaderBehavior"))) {
            for (String h : Xml.items(headersConfig, "Headers")) {
                key.append('|').append(h.toLowerCase(Locale.ROOT)).append('=').append(Exchanges.header(exchange, h));
            }
        }
        return key.toString();
    }

    /** The query parameters a policy keeps: none / all / whitelist / allExcept. */
    private static List<String> keptQuery(String rawQuery, Element config, String behaviorField, String listField) {
        List<String> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty() || config == null) {
            return out;
        }
        String behavior = Xml.text(config, behaviorField);
        List<String> names = Xml.items(config, listField);
        for (String pair : rawQuery.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            boolean keep = switch (behavior == null ? "none" : behavior) {
                case "all" -> true;
                case "whitelist" -> names.contains(name);
                case "allExcept" -> !names.contains(name);
                default -> false;
            };
            if (keep) {
                out.add(pair);
            }
        }
        out.sort(null);
        return out;
    }

    private Fetched fetch(DistributionSource.Snapshot d, Behavior b, String method, String path, String rawQuery,
                          HttpExchange exchange, byte[] body, Element cachePolicy, Element requestPolicy) {
        Origin origin = d.config().origins().items().stream().filter(o -> o.id().equals(b.targetOriginId()))
                .findFirst().orElse(null);
        if (origin == null) {
            return error(502, "The behaviour's target origin " + b.targetOriginId() + " does not exist.");
        }
        String originPath = (origin.originPath() == null ? "" : origin.originPath()) + path;
        String domain = origin.domainName().toLowerCase(Locale.ROOT);
        try {
            if (domain.contains(".lambda-url.")) {
                return fetchFunctionUrl(d, domain, method, originPath, rawQuery, exchange, body, cachePolicy,
                        requestPolicy);
            }
            int s3 = domain.indexOf(".s3.");
            if (s3 < 0) {
                s3 = domain.indexOf(".s3-");
            }
            if (s3 > 0) {
                return fetchS3(domain.substring(0, s3), method, originPath);
            }
            return error(502, "The local edge cannot reach custom origin " + domain + ".");
        } catch (HttpConnectTimeoutException e) {
            return error(504, "CloudFront attempted to establish a connection with the origin, but either the"
                    + " attempt failed or the origin closed the connection (" + domain + ").");
        } catch (HttpTimeoutException e) {
            return error(504, "The origin did not answer in time (" + domain + ").");
        } catch (IOException e) {
            return error(502, "CloudFront wasn't able to connect to the origin (" + domain + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(502, "interrupted");
        }
    }

    /** S3 origin through OAC: a SigV4-signed path-style GET against moto. */
    private Fetched fetchS3(String bucket, String method, String path) throws IOException, InterruptedException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(403, "S3 origins accept only GET and HEAD through this distribution.");
        }
        String rawPath = "/" + bucket + path;
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", moto.getAuthority());
        SigV4.sign(method, rawPath, null, headers, new byte[0], region, "s3", accessKey, secretKey, ZonedDateTime.now());
        return send(URI.create(moto + rawPath), method, headers, new byte[0]);
    }

    /** Lambda origin through OAC: SigV4 (service lambda) with the URL host, as CloudFront signs for Lambda OAC. */
    private Fetched fetchFunctionUrl(DistributionSource.Snapshot d, String urlHost, String method, String path,
                                     String rawQuery, HttpExchange exchange, byte[] body, Element cachePolicy,
                                     Element requestPolicy) throws IOException, InterruptedException {
        Map<String, String> headers = new TreeMap<>();
        Element cacheParams = Xml.child(cachePolicy, "ParametersInCacheKeyAndForwardedToOrigin");
        List<String> query = new ArrayList<>(keptQuery(rawQuery, Xml.child(requestPolicy, "QueryStringsConfig"),
                "QueryStringBehavior", "QueryStrings"));
        for (String q : keptQuery(rawQuery, Xml.child(cacheParams, "QueryStringsConfig"), "QueryStringBehavior",
                "QueryStrings")) {
            if (!query.contains(q)) {
                query.add(q);
            }
        }
        query.sort(null);
        String forwardQuery = query.isEmpty() ? null : String.join("&", query);
        String headerBehavior = Xml.text(Xml.child(requestPolicy, "HeadersConfig"), "HeaderBehavior");
        List<String> named = new ArrayList<>(Xml.items(Xml.child(requestPolicy, "HeadersConfig"), "Headers"));
        named.addAll(Xml.items(Xml.child(cacheParams, "HeadersConfig"), "Headers"));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean forward = switch (headerBehavior == null ? "none" : headerBehavior) {
                case "allViewer", "allViewerAndWhitelistCloudFront" -> true;
                case "allExcept" -> named.stream().noneMatch(n -> n.equalsIgnoreCase(lower));
                default -> named.stream().anyMatch(n -> n.equalsIgnoreCase(lower));
            };
            if (forward && !HOP.contains(lower) && !lower.equals("authorization") && !lower.startsWith("x-amz-")) {
                headers.put(lower, String.join(",", values));
            }
        });
        headers.put("host", urlHost);
        headers.put("via", "1.1 local.cloudfront.net (CloudFront)");
        headers.put("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
        headers.put(FunctionUrlFront.SOURCE_ARN_HEADER, d.arn());
        SigV4.sign(method, path, forwardQuery, headers, body, region, "lambda", accessKey, secretKey,
                ZonedDateTime.now());
        return send(URI.create(functionUrlFront + path + (forwardQuery == null ? "" : "?" + forwardQuery)), method,
                headers, body);
    }

    private Fetched send(URI uri, String method, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        TreeMap<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (!HOP.contains(lower) && !k.startsWith(":") && !lower.equals("x-amz-request-id")
                    && !lower.equals("x-amz-id-2") && !lower.equals("x-amzn-requestid")) {
                out.put(k, v);
            }
        });
        return new Fetched(r.statusCode(), out, r.body());
    }

    /** Custom error responses: replace an origin error with the configured page and status. */
    private Fetched customError(DistributionSource.Snapshot d, Fetched response, HttpExchange exchange) {
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
                return new Fetched(status, response.headers(), response.body());
            }
            Behavior b = behavior(d, c.responsePagePath());
            Fetched page = fetch(d, b, "GET", c.responsePagePath(), null, exchange, new byte[0],
                    policyConfig(PolicyKind.CACHE, b.cachePolicyId()),
                    policyConfig(PolicyKind.ORIGIN_REQUEST, b.originRequestPolicyId()));
            if (page.status() >= 400) {
                return response;
            }
            return new Fetched(status, page.headers(), page.body());
        }
        return response;
    }

    private static Fetched error(int status, String message) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Content-Type", List.of("text/html"));
        String title = status + " ERROR";
        String html = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<HTML><HEAD><TITLE>" + title
                + "</TITLE></HEAD><BODY>\n<H1>" + title + "</H1>\n<H2>The request could not be satisfied.</H2>\n"
                + Xml.escape(message) + "\n<HR noshade size=\"1px\">\nGenerated by cloudfront (local edge)\n</BODY></HTML>";
        return new Fetched(status, h, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, Fetched r, String xCache) throws IOException {
        r.headers().forEach((k, v) -> {
            if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
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
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(r.body().length));
        }
        exchange.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
        exchange.close();
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

package onair.local.cloud.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import onair.local.cloud.aws.Xml;
import onair.local.cloud.cloudfront.DistributionSource;
import onair.local.cloud.cloudfront.PolicyKind;
import onair.local.cloud.cloudfront.PolicyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.model.CustomOriginConfig;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Origins;

/**
 * CloudFront's request collapsing (RequestCollapsing; developer guide "Simultaneous requests for the same object
 * (request collapsing)"), through the real edge on loopback in front of a real, slow origin HTTP server that
 * plays a function URL: it counts the requests that reach it and holds each for 2 s, so simultaneous viewers
 * overlap with the first origin request.
 */
class EdgeRequestCollapsingTest {
    static {
        // the edge sends the function URL host as Host (as in CloudEmulator)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final Duration ORIGIN_HOLD = Duration.ofSeconds(2);

    private final AtomicInteger originRequests = new AtomicInteger();
    private final List<String> originQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<String> originCacheControl = new AtomicReference<>("max-age=0, s-maxage=60");
    private final AtomicInteger originStatus = new AtomicInteger(200);
    private ExecutorService pool;
    private HttpServer origin;
    private HttpServer edge;
    private HttpClient viewer;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        pool = Executors.newCachedThreadPool();
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        origin.setExecutor(pool);
        origin.createContext("/", ex -> {
            int n = originRequests.incrementAndGet();
            originQueries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
            try {
                Thread.sleep(ORIGIN_HOLD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"status\":\"idle\",\"originRequest\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Cache-Control", originCacheControl.get());
            ex.getResponseHeaders().set("ETag", "\"e" + n + "\"");
            ex.sendResponseHeaders(originStatus.get(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();

        PolicyStore policies = new PolicyStore(dir.resolve("cloudfront"));
        // like the OnAir /api/* policy: TTLs 0/0/60 (the origin's s-maxage decides), only "v" in the cache key
        PolicyStore.Policy api = policies.create(PolicyKind.CACHE, Xml.parse(("<CachePolicyConfig><Name>api</Name>"
                + "<MinTTL>0</MinTTL><DefaultTTL>0</DefaultTTL><MaxTTL>60</MaxTTL>"
                + "<ParametersInCacheKeyAndForwardedToOrigin>"
                + "<HeadersConfig><HeaderBehavior>none</HeaderBehavior></HeadersConfig>"
                + "<CookiesConfig><CookieBehavior>none</CookieBehavior></CookiesConfig>"
                + "<QueryStringsConfig><QueryStringBehavior>whitelist</QueryStringBehavior>"
                + "<QueryStrings><Quantity>1</Quantity><Items><Name>v</Name></Items></QueryStrings>"
                + "</QueryStringsConfig></ParametersInCacheKeyAndForwardedToOrigin></CachePolicyConfig>")
                .getBytes(StandardCharsets.UTF_8)));
        DistributionConfig config = DistributionConfig.builder()
                .origins(Origins.builder().quantity(1).items(Origin.builder().id("fn")
                        .domainName("abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws")
                        .customOriginConfig(CustomOriginConfig.builder().originReadTimeout(30).build()).build())
                        .build())
                .defaultCacheBehavior(DefaultCacheBehavior.builder().targetOriginId("fn").cachePolicyId(api.id())
                        .build())
                .build();
        DistributionSource.Snapshot snapshot = new DistributionSource.Snapshot("E2TEST", 
                "arn:aws:cloudfront::123456789012:distribution/E2TEST", "E1", config, List.of());
        HttpClient toOrigin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Edge handler = new Edge(() -> snapshot, policies, new OriginFetcher(toOrigin, URI.create("http://127.0.0.1:9"),
                URI.create("http://127.0.0.1:" + origin.getAddress().getPort()), "us-east-1", "test", "test"));
        edge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        edge.setExecutor(pool);
        edge.createContext("/", handler);
        edge.start();
        viewer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        edge.stop(0);
        origin.stop(0);
        pool.shutdownNow();
    }

    /** n viewers send GET path at the same moment; their answers in order. */
    private List<HttpResponse<String>> simultaneous(int n, String path) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        URI uri = URI.create("http://127.0.0.1:" + edge.getAddress().getPort() + path);
        for (int i = 0; i < n; i++) {
            sent.add(viewer.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> out = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            out.add(f.get());
        }
        return out;
    }

    private static long xCache(List<HttpResponse<String>> rs, String kind) {
        return rs.stream().filter(r -> r.headers().firstValue("X-Cache").orElse("")
                .equals(kind + " from cloudfront")).count();
    }

    @Test
    void simultaneousMissesForOneObjectMakeOneOriginRequest() throws Exception {
        List<HttpResponse<String>> rs = simultaneous(20, "/api/stream");

        assertEquals(1, originRequests.get(), "20 simultaneous misses of one object: one origin request");
        for (HttpResponse<String> r : rs) {
            assertEquals(200, r.statusCode());
            assertEquals("{\"status\":\"idle\",\"originRequest\":1}", r.body(), "every viewer gets the first answer");
            assertEquals("\"e1\"", r.headers().firstValue("ETag").orElse(null));
        }
        assertEquals(1, xCache(rs, "Miss"), "only the request that went to the origin is a Miss");
        assertEquals(19, xCache(rs, "Hit"));
    }

    @Test
    void requestsWithDifferentCacheKeysAreNotCollapsed() throws Exception {
        List<CompletableFuture<List<HttpResponse<String>>>> both = List.of(
                CompletableFuture.supplyAsync(() -> unchecked(() -> simultaneous(5, "/api/stream?v=1&ignored=a")), pool),
                CompletableFuture.supplyAsync(() -> unchecked(() -> simultaneous(5, "/api/stream?v=2&ignored=b")), pool));
        for (CompletableFuture<List<HttpResponse<String>>> f : both) {
            f.get().forEach(r -> assertEquals(200, r.statusCode()));
        }
        // one per cache key; "ignored" is not in the key (and not forwarded), so it does not split them
        assertEquals(2, originRequests.get(), "one origin request per cache key: " + originQueries);
        assertTrue(originQueries.containsAll(List.of("v=1", "v=2")), originQueries.toString());
    }

    /**
     * The guide: paused requests get the first request's answer even when it may not be cached; Minimum TTL 0 with
     * an origin no-store is its way to stop collapsing, so later simultaneous requests each go to the origin.
     */
    @Test
    void anUncacheableAnswerIsSharedOnceThenTheObjectIsNotCollapsed() throws Exception {
        originCacheControl.set("no-store");
        List<HttpResponse<String>> first = simultaneous(6, "/api/stream");
        assertEquals(1, originRequests.get(), "the first simultaneous requests share one origin request");
        first.forEach(r -> assertEquals("{\"status\":\"idle\",\"originRequest\":1}", r.body()));

        List<HttpResponse<String>> second = simultaneous(4, "/api/stream");
        assertEquals(5, originRequests.get(), "after a no-store answer (MinTTL 0) nothing is collapsed or cached");
        assertEquals(4, xCache(second, "Miss"));
    }

    /**
     * A function URL over the account's concurrency answers 429. CloudFront does not cache a 429 (it is not among
     * the codes of HTTPStatusCodes.html / custom-error-pages-expiration.html): the paused requests get it, the next
     * request goes to the origin again.
     */
    @Test
    void aThrottledOriginAnswerReachesThePausedRequestsAndIsNotCached() throws Exception {
        originStatus.set(429);
        originCacheControl.set("max-age=60");
        List<HttpResponse<String>> rs = simultaneous(5, "/api/stream");
        assertEquals(1, originRequests.get());
        rs.forEach(r -> assertEquals(429, r.statusCode()));
        assertEquals(5, xCache(rs, "Error"));

        originStatus.set(200);
        List<HttpResponse<String>> after = simultaneous(1, "/api/stream");
        assertEquals(2, originRequests.get(), "the 429 was not cached");
        assertEquals(200, after.get(0).statusCode());
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

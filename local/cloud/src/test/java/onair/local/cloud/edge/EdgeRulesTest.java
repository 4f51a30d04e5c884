package onair.local.cloud.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EdgeRulesTest {
    @Test
    void pathPatternsFollowCloudFrontWildcards() {
        assertTrue(PathPatterns.matches("/api/*", "/api/stream"));
        assertTrue(PathPatterns.matches("api/*", "/api/stream"));
        assertFalse(PathPatterns.matches("/api/*", "/apix"));
        assertTrue(PathPatterns.matches("/ivs/*.m3u8", "/ivs/v1/1/ch/2026/1/1/1/1/rec/media/hls/master.m3u8"));
        assertFalse(PathPatterns.matches("/ivs/*.m3u8", "/ivs/v1/seg1.ts"));
        assertTrue(PathPatterns.matches("/ivs/*", "/ivs/v1/seg1.ts"));
        assertTrue(PathPatterns.matches("/img?.png", "/img1.png"));
        assertFalse(PathPatterns.matches("/API/*", "/api/stream"));
    }

    @Test
    void ttlFollowsCachePolicyAndOriginHeaders() {
        assertEquals(Duration.ofSeconds(86400), EdgeCache.ttl(null, null, 0, 86400, 31536000));
        assertEquals(Duration.ofSeconds(60), EdgeCache.ttl("public, max-age=60", null, 0, 86400, 31536000));
        assertEquals(Duration.ofSeconds(12), EdgeCache.ttl("max-age=60", null, 0, 5, 12));
        assertEquals(Duration.ofSeconds(30), EdgeCache.ttl("max-age=1", null, 30, 50, 100));
        assertEquals(Duration.ofSeconds(20), EdgeCache.ttl("max-age=60, s-maxage=20", null, 0, 5, 100));
        assertEquals(Duration.ZERO, EdgeCache.ttl("no-cache", null, 0, 86400, 31536000));
        assertEquals(Duration.ZERO, EdgeCache.ttl("max-age=600", null, 0, 0, 0));
    }

    /** CloudFront's error caching, per custom-error-pages-expiration.html (see EdgeCache.errorTtl). */
    @Test
    void errorsAreCachedAsCloudFrontDocuments() {
        // no custom error response: 10 s, and no-store is ignored except for 404/410/414/501
        assertEquals(Duration.ofSeconds(10), EdgeCache.errorTtl(403, "no-store", null, null, 0));
        assertEquals(Duration.ofSeconds(10), EdgeCache.errorTtl(503, "no-store", null, null, 0));
        assertEquals(Duration.ZERO, EdgeCache.errorTtl(404, "no-store", null, null, 0));
        assertEquals(Duration.ZERO, EdgeCache.errorTtl(501, "private", null, null, 86400));
        // an ErrorCachingMinTTL is the floor; a larger origin max-age wins, capped by the behaviour's MaxTTL
        assertEquals(Duration.ofSeconds(5), EdgeCache.errorTtl(403, null, null, 5L, 0));
        assertEquals(Duration.ofSeconds(30), EdgeCache.errorTtl(500, "max-age=30", null, 0L, 60));
        assertEquals(Duration.ofSeconds(4), EdgeCache.errorTtl(500, "s-maxage=30", null, 0L, 4));
        assertEquals(Duration.ofSeconds(5), EdgeCache.errorTtl(400, "max-age=1", null, 5L, 60));
        // ErrorCachingMinTTL 0 and no-store: not cached (what the OnAir distribution sets for every code)
        assertEquals(Duration.ZERO, EdgeCache.errorTtl(403, "no-store", null, 0L, 4));
        assertEquals(Duration.ZERO, EdgeCache.errorTtl(416, null, null, null, 0), "416 is never cached");
        assertEquals(Duration.ZERO, EdgeCache.errorTtl(429, null, null, null, 0), "429 is not a cached code");
    }

    @Test
    void viewerConditionalRequestsMatchTheCachedEtag() {
        assertTrue(Edge.etagMatches("\"a\"", "\"a\""));
        assertTrue(Edge.etagMatches("\"x\", W/\"a\"", "\"a\""));
        assertTrue(Edge.etagMatches("*", "\"a\""));
        assertFalse(Edge.etagMatches("\"b\"", "\"a\""));
        assertFalse(Edge.etagMatches(null, "\"a\""));
    }
}

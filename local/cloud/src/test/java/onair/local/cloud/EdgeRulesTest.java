package onair.local.cloud;

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
}

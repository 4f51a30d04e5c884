package onair.function.status;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's edge caching is decided once, in {@link EdgeCaching}; the CDN's /api/* cache policy in
 * terraform/modules/cdn/main.tf must let CloudFront follow exactly that: MaxTTL = s-maxage (so the answer is cached
 * that long, not longer), MinTTL 0 (so no-store errors are not cached) and DefaultTTL 0 (an answer without
 * Cache-Control is not cached). This test reads the Terraform source and fails when either side changes alone.
 */
class EdgeCachingContractTest {

    static String cdnModule() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path tf = dir.resolve("terraform/modules/cdn/main.tf");
            if (Files.isRegularFile(tf)) {
                return Files.readString(tf);
            }
        }
        throw new IllegalStateException("terraform/modules/cdn/main.tf not found");
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "not found in terraform/modules/cdn/main.tf: " + regex);
        return m.group(1);
    }

    static long directive(String cacheControl, String name) {
        return Long.parseLong(group(cacheControl, "(?:^|[ ,])" + name + "=(\\d+)"));
    }

    @Test
    void theCdnPolicyFollowsTheFunctionsCacheControl() throws IOException {
        String tf = cdnModule();
        int edgeTtl = Integer.parseInt(group(tf, "api_edge_ttl_seconds\\s*=\\s*(\\d+)"));
        String apiPolicy = group(tf, "\\n    api = \\{(.*?)\\n    }");
        assertEquals("local.api_edge_ttl_seconds", group(apiPolicy, "max_ttl\\s*=\\s*([\\w.]+)"));
        assertEquals("0", group(apiPolicy, "min_ttl\\s*=\\s*([\\w.]+)"), "MinTTL > 0 would cache no-store errors");
        assertEquals("0", group(apiPolicy, "default\\s*=\\s*([\\w.]+)"), "DefaultTTL > 0 caches answers without Cache-Control");

        assertEquals(EdgeCaching.EDGE_TTL_SECONDS, edgeTtl, "Terraform api_edge_ttl_seconds vs EdgeCaching.EDGE_TTL_SECONDS");
        assertEquals(edgeTtl, directive(StreamController.CACHE_FRESH, "s-maxage"), "s-maxage of GET /api/stream");
        assertEquals(edgeTtl, directive(StreamController.CACHE_FRESH, "max-age"), "max-age of GET /api/stream");
        assertTrue(directive(StreamController.CACHE_STALE, "s-maxage") <= edgeTtl, "stale answers are shared for less");
        assertTrue(!StreamController.CACHE_FRESH.contains("stale-while-revalidate"),
                "CloudFront honours stale-while-revalidate: it would add its window to the go-live delay");
        assertEquals("no-store", EdgeCaching.ERROR);
    }

    @Test
    void theCdnCachesNoErrorTheFunctionCanAnswer() throws IOException {
        String tf = cdnModule();
        String codes = group(tf, "uncached_error_codes\\s*=\\s*\\[([^]]*)]");
        // what the function (and the function URL in front of it) can answer with a body CloudFront would cache
        for (int code : new int[] {400, 403, 404, 405, 500, 502, 503, 504}) {
            assertTrue(codes.matches("(?s).*\\b" + code + "\\b.*"), code + " must be in uncached_error_codes: " + codes);
        }
        assertTrue(tf.contains("for_each = [for c in local.uncached_error_codes : c if c != 403]"));
        assertEquals("0", group(tf, "error_code\\s*=\\s*403.*?error_caching_min_ttl\\s*=\\s*(\\d+)"));
    }
}

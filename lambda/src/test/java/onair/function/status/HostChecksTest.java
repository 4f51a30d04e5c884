package onair.function.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import onair.function.support.AwsEndpoints;
import onair.function.support.FunctionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static onair.function.support.FunctionHarness.body;
import static onair.function.support.FunctionHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micronaut's CORS filter refuses a cross-origin request to a local host (403: its drive-by-localhost protection).
 * It must judge the host by the Host header only: viewers can send X-Forwarded-Host and Forwarded, and one viewer's
 * "X-Forwarded-Host: localhost" with "Origin: https://evil.example" got a 403 that CloudFront then served to
 * everybody (issue 10, item 5). The protection itself stays for what it is for: a browser page reaching the function
 * on a developer's own machine (Host: localhost / 127.0.0.1).
 */
class HostChecksTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of());
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    @Test
    void forwardedHostHeadersFromAViewerDoNotTurnTheAnswerInto403() {
        for (Map<String, String> hostile : java.util.List.of(
                Map.of("origin", "https://evil.example", "x-forwarded-host", "localhost"),
                Map.of("origin", "https://evil.example", "forwarded", "host=localhost;proto=http"),
                Map.of("origin", "https://evil.example", "x-forwarded-host", "127.0.0.1:8080"),
                Map.of("origin", "https://evil.example"))) {
            APIGatewayV2HTTPResponse r = fn.get("/api/stream", hostile);
            assertEquals(200, r.getStatusCode(), hostile + " -> " + body(r));
            assertTrue(body(r).startsWith("{\"status\":"), body(r));
            assertEquals(StreamController.CACHE_FRESH, header(r, "Cache-Control"));
        }
    }

    @Test
    void aCrossOriginPageReachingALocalHostIsStillRefused() {
        APIGatewayV2HTTPResponse r = fn.get("/api/stream", Map.of("host", "localhost:8080",
                "origin", "https://evil.example"));
        assertEquals(403, r.getStatusCode(), body(r));
        APIGatewayV2HTTPResponse sameOrigin = fn.get("/api/stream", Map.of("host", "localhost:8080",
                "origin", "http://localhost:8080"));
        assertEquals(200, sameOrigin.getStatusCode(), body(sameOrigin));
    }
}

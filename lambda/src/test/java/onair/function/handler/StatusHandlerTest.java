package onair.function.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import onair.function.status.StatusAnswers;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static onair.function.support.FunctionHarness.body;
import static onair.function.support.FunctionHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The java variant's status handler class: its direct GET /api/stream path answers exactly what the Micronaut
 * route answers (status, the headers a client or CloudFront acts on, body), the body is encoded once per state and
 * not per request, and the SnapStart priming hook reads the state before any request.
 */
class StatusHandlerTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;
    APIGatewayV2HTTPEventFunction micronaut;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600"));
        micronaut = new APIGatewayV2HTTPEventFunction(fn.context);
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    void assertSameAnswer(APIGatewayV2HTTPEvent event) {
        assertTrue(StatusHandler.direct(event), "the direct path takes this request");
        APIGatewayV2HTTPResponse direct = fn.status.handleRequest(event, null);
        APIGatewayV2HTTPResponse routed = micronaut.handleRequest(event, null);
        assertEquals(routed.getStatusCode(), direct.getStatusCode(), () -> body(routed));
        for (String h : new String[] {"ETag", "Cache-Control", "Content-Type"}) {
            String r = header(routed, h);
            String d = header(direct, h);
            if (r != null && h.equals("Content-Type")) {
                assertTrue(r.startsWith(d), h + ": " + r + " vs " + d);
            } else {
                assertEquals(r, d, h);
            }
        }
        assertEquals(body(routed), body(direct));
    }

    @Test
    void directPathAnswersWhatTheMicronautRouteAnswers() {
        assertSameAnswer(fn.event("GET", "/api/stream", Map.of())); // never live
        fn.event(Fixtures.event("stream-start"));
        fn.clock().advance(Duration.ofSeconds(11));
        assertSameAnswer(fn.event("GET", "/api/stream", Map.of())); // live
        String etag = header(fn.get("/api/stream", Map.of()), "ETag");
        assertSameAnswer(fn.event("GET", "/api/stream", Map.of("if-none-match", etag))); // 304
        assertEquals(304, fn.get("/api/stream", Map.of("if-none-match", "W/" + etag)).getStatusCode());
        assertNull(header(fn.get("/api/stream", Map.of("if-none-match", etag)), "Content-Type"));
    }

    @Test
    void otherRequestsGoThroughMicronaut() {
        assertFalse(StatusHandler.direct(fn.event("POST", "/api/stream", Map.of())));
        assertFalse(StatusHandler.direct(fn.event("GET", "/api/other", Map.of())));
        assertFalse(StatusHandler.direct(fn.event("GET", "/api/stream", Map.of("origin", "https://example.com"))));
        assertEquals(405, fn.request("POST", "/api/stream", Map.of()).getStatusCode());
        assertEquals(404, fn.get("/api/other", Map.of()).getStatusCode());
    }

    @Test
    void theBodyIsEncodedOncePerStateNotPerRequest() {
        StatusAnswers answers = fn.context.getBean(StatusAnswers.class);
        long before = answers.encodings();
        for (int i = 0; i < 500; i++) {
            assertEquals(200, fn.get("/api/stream", Map.of()).getStatusCode());
        }
        assertEquals(before + 1, answers.encodings(), "one state, one encoding");
        fn.event(Fixtures.event("stream-start"));
        fn.clock().advance(Duration.ofSeconds(11)); // past the cache TTL: the new state is read
        for (int i = 0; i < 500; i++) {
            assertEquals(200, fn.get("/api/stream", Map.of()).getStatusCode());
        }
        assertEquals(before + 2, answers.encodings(), "a new state, one more encoding");
    }

    @Test
    void snapStartPrimingReadsTheStateBeforeTheFirstRequest() {
        fn.calls().reset();
        fn.status.beforeCheckpoint(null);
        assertEquals(1, fn.calls().count("GetParameter"), "the SSM client made its call before the snapshot");
        fn.status.afterRestore(null);
        assertEquals(200, fn.get("/api/stream", Map.of()).getStatusCode());
        assertEquals(1, fn.calls().count("GetParameter"), "within the TTL the primed state serves");
    }
}

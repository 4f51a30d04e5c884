package onair.function.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static onair.function.support.FunctionHarness.body;
import static onair.function.support.FunctionHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status side through its Lambda entry point, against moto's SSM. */
class StatusFunctionTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints(); // GetStream says LIVE: reconciliation is covered by ReconcileTest

    FunctionHarness fn;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600"));
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    JsonNode okJson(APIGatewayV2HTTPResponse r) {
        assertEquals(200, r.getStatusCode(), () -> body(r));
        assertTrue(header(r, "Content-Type").startsWith("application/json"), header(r, "Content-Type"));
        String json = body(r);
        assertEquals("", Schema.violations(json), json);
        return Schema.tree(json);
    }

    @Test
    void missingParameterMeansNeverLive() {
        JsonNode j = okJson(fn.get("/api/stream", Map.of()));
        assertEquals("idle", j.get("status").asText());
        assertTrue(j.get("since").isNull());
        assertTrue(j.get("playbackUrl").isNull());
        assertTrue(j.get("dvr").isNull());
        assertFalse(j.get("stale").asBoolean());
    }

    @Test
    void liveWithRecordingThenIdle() {
        assertTrue(fn.event(Fixtures.event("stream-start")).contains("\"applied\""));
        assertTrue(fn.event(Fixtures.event("recording-start")).contains("\"applied\""));
        fn.clock().advance(Duration.ofSeconds(11));
        JsonNode live = okJson(fn.get("/api/stream", Map.of()));
        assertEquals("live", live.get("status").asText());
        assertEquals("2026-01-01T12:00:00Z", live.get("since").asText());
        assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", live.get("streamId").asText());
        assertEquals(FunctionHarness.PLAYBACK, live.get("playbackUrl").asText());
        JsonNode dvr = live.get("dvr");
        assertEquals("/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/hls/master.m3u8",
                dvr.get("playlistUrl").asText());
        assertEquals("2026-01-01T12:00:05Z", dvr.get("startedAt").asText());
        assertEquals(14400, dvr.get("windowSeconds").asInt());
        assertTrue(dvr.get("recording").asBoolean());
        // no recordings bucket in this moto: no thumbnail can exist, so none is named (ThumbnailTest covers them)
        assertTrue(live.get("thumbnailUrl").isNull());

        fn.clock().advance(Duration.ofHours(2)); // the End is dated 14:00:00
        fn.event(Fixtures.event("stream-end"));
        fn.clock().advance(Duration.ofSeconds(11));
        // inside the reconnect window (60 s): the broadcaster may come back into the same recording
        JsonNode reconnecting = okJson(fn.get("/api/stream", Map.of()));
        assertEquals("reconnecting", reconnecting.get("status").asText());
        assertEquals(dvr.get("playlistUrl"), reconnecting.get("dvr").get("playlistUrl"));
        fn.clock().advance(Duration.ofSeconds(50));
        JsonNode idle = okJson(fn.get("/api/stream", Map.of()));
        assertEquals("idle", idle.get("status").asText());
        assertEquals("2026-01-01T14:00:00Z", idle.get("lastLiveAt").asText());
        assertTrue(idle.get("playbackUrl").isNull());
        assertTrue(idle.get("dvr").isNull());
        assertTrue(idle.get("thumbnailUrl").isNull());
    }

    @Test
    void cacheHeadersAndEtagRevalidation() {
        APIGatewayV2HTTPResponse first = fn.get("/api/stream", Map.of());
        String etag = header(first, "ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        assertEquals(StreamController.CACHE_FRESH, header(first, "Cache-Control"));

        APIGatewayV2HTTPResponse again = fn.get("/api/stream", Map.of("if-none-match", etag));
        assertEquals(304, again.getStatusCode());
        assertEquals("", body(again));
        assertEquals(etag, header(again, "ETag"));

        assertEquals(304, fn.get("/api/stream", Map.of("if-none-match", "\"other\", W/" + etag)).getStatusCode());
        assertEquals(200, fn.get("/api/stream", Map.of("if-none-match", "\"other\"")).getStatusCode());

        // a new state has a new validator
        fn.event(Fixtures.event("stream-start"));
        fn.clock().advance(Duration.ofSeconds(11));
        APIGatewayV2HTTPResponse changed = fn.get("/api/stream", Map.of("if-none-match", etag));
        assertEquals(200, changed.getStatusCode());
        assertFalse(etag.equals(header(changed, "ETag")));
    }

    @Test
    void unknownPathIsJson404() {
        APIGatewayV2HTTPResponse r = fn.get("/api/nope", Map.of());
        assertEquals(404, r.getStatusCode());
        JsonNode j = Schema.tree(body(r));
        assertEquals("not_found", j.get("error").asText());
        assertTrue(j.get("message").asText().contains("/api/nope"));
    }

    @Test
    void wrongMethodIsJson405WithoutStackTrace() {
        APIGatewayV2HTTPResponse r = fn.request("POST", "/api/stream", Map.of());
        assertEquals(405, r.getStatusCode(), () -> body(r));
        JsonNode j = Schema.tree(body(r));
        assertEquals("method_not_allowed", j.get("error").asText());
        assertFalse(body(r).contains("Exception"), body(r));
        assertFalse(body(r).contains("\tat "), body(r));
    }

    @Test
    void atMostOneSsmReadPerTtlHoweverManyConcurrentRequests() throws Exception {
        fn.event(Fixtures.event("stream-start"));
        fn.clock().advance(Duration.ofSeconds(11));
        fn.calls().reset();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 1; round <= 3; round++) {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    answers.add(pool.submit(() -> fn.get("/api/stream", Map.of()).getStatusCode()));
                }
                for (Future<Integer> f : answers) {
                    assertEquals(200, f.get());
                }
                assertEquals(round, fn.calls().count("GetParameter"), "SSM reads after round " + round);
                fn.clock().advance(Duration.ofSeconds(10));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package onair.function.status;

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
import java.util.Map;
import java.util.UUID;

import static onair.function.support.FunctionHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the real function (moto SSM, an HTTP GetStream): "reconnecting" between a Stream End and the next Stream
 * Start or the end of the reconnect window, the same recording after the reconnect, a lost Start repaired by
 * GetStream; the viewer count while live and the GetStream bound (per instance, per interval, never at rest).
 */
class ReconnectAndViewersTest {

    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";
    static final String PLAYLIST = "/ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs/media/hls/master.m3u8";

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;

    @BeforeEach
    void setUp() {
        aws.ivs().reset();
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "30",
                "onair.recording-reconnect-window-seconds", "60"));
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    /** A fixture as another delivery: fresh id, own time and stream id. */
    static String event(String name, String time, String streamId) {
        String json = Fixtures.event(name);
        String id = Schema.tree(json).get("id").asText();
        String oldTime = Schema.tree(json).get("time").asText();
        return json.replace(id, UUID.randomUUID().toString()).replace(oldTime, time).replace(S1, streamId);
    }

    JsonNode get() {
        fn.clock().advance(Duration.ofSeconds(3)); // past the status cache's TTL (2 s)
        String body = body(fn.get("/api/stream", Map.of()));
        assertEquals("", Schema.violations(body), body);
        return Schema.tree(body);
    }

    void applied(String json) {
        String out = fn.event(json);
        assertTrue(out.contains("\"applied\""), out);
    }

    /** 12:00:00 S1 starts, 12:00:05 recording; 12:00:10 S1 ends (the clock starts at 12:00:10). */
    void startThenCut() {
        applied(event("stream-start", "2026-01-01T12:00:00Z", S1));
        applied(event("recording-start", "2026-01-01T12:00:05Z", S1));
        applied(event("stream-end", "2026-01-01T12:00:10Z", S1));
    }

    @Test
    void reconnectingUntilTheNextStartWithTheSameRecording() {
        startThenCut();
        aws.ivs().live(false);
        JsonNode j = get();
        assertEquals("reconnecting", j.get("status").asText(), j.toString());
        assertEquals(PLAYLIST, j.get("dvr").get("playlistUrl").asText(), "rewind keeps working");
        assertTrue(j.get("playbackUrl").isNull());
        assertTrue(j.get("viewerCount").isNull());
        applied(event("stream-start", "2026-01-01T12:00:20Z", S2));
        aws.ivs().live(true);
        aws.ivs().stream(S2, "2026-01-01T12:00:20Z", 7);
        j = get();
        assertEquals("live", j.get("status").asText());
        assertEquals(S2, j.get("streamId").asText());
        assertEquals(PLAYLIST, j.get("dvr").get("playlistUrl").asText(), "the same recording continues");
    }

    @Test
    void offlineOnceTheWindowIsOverWithNothingRunning() {
        startThenCut();
        aws.ivs().live(false);
        assertEquals("reconnecting", get().get("status").asText());
        fn.clock().advance(Duration.ofSeconds(60));
        int calls = aws.ivs().getStreamCalls();
        JsonNode j = get();
        assertEquals("idle", j.get("status").asText(), j.toString());
        assertTrue(j.get("dvr").isNull());
        for (int i = 0; i < 50; i++) {
            fn.clock().advance(Duration.ofSeconds(31));
            assertEquals("idle", get().get("status").asText());
        }
        assertEquals(calls, aws.ivs().getStreamCalls(), "no GetStream while offline");
    }

    @Test
    void recordingEndMeansOffline() {
        startThenCut();
        applied(event("recording-end", "2026-01-01T12:00:12Z", S1));
        assertEquals("idle", get().get("status").asText());
    }

    @Test
    void aLostStartAfterTheReconnectIsRepairedByGetStream() {
        startThenCut();
        // S2 is live at IVS but its Stream Start never arrives
        aws.ivs().stream(S2, "2026-01-01T12:00:20Z", 2);
        aws.ivs().live(true);
        JsonNode j = get();
        assertEquals("live", j.get("status").asText(), j.toString());
        assertEquals(S2, j.get("streamId").asText());
        assertEquals(PLAYLIST, j.get("dvr").get("playlistUrl").asText());
        assertEquals(2, j.get("viewerCount").asLong());
        assertEquals("live", Schema.tree(fn.document().orElseThrow()).get("status").asText(), "written to SSM");
        // its Stream Start arriving late changes nothing
        String late = fn.event(event("stream-start", "2026-01-01T12:00:20Z", S2));
        assertTrue(late.contains("ignored"), late);
    }

    @Test
    void viewerCountWhileLiveAndUnknownBecomesNull() {
        applied(event("stream-start", "2026-01-01T12:00:00Z", S1));
        aws.ivs().stream(S1, "2026-01-01T12:00:00Z", 5);
        assertEquals(5, get().get("viewerCount").asLong());
        aws.ivs().stream(S1, "2026-01-01T12:00:00Z", -1);
        fn.clock().advance(Duration.ofSeconds(30));
        JsonNode j = get();
        assertEquals("live", j.get("status").asText());
        assertTrue(j.get("viewerCount").isNull(), "IVS's -1 (timed out) is null: " + j);
    }

    @Test
    void getStreamIsBoundedPerInstanceWhateverTheViewers() {
        applied(event("stream-start", "2026-01-01T12:00:00Z", S1));
        try (FunctionHarness second = new FunctionHarness(Map.of("onair.state-parameter", fn.parameter,
                "onair.reconcile-interval-seconds", "30"))) {
            int before = aws.ivs().getStreamCalls();
            // 10 minutes of 2 instances each answering a request every 3 s: 400 requests
            for (int i = 0; i < 200; i++) {
                assertEquals("live", get().get("status").asText());
                second.clock().advance(Duration.ofSeconds(3));
                assertEquals("live", Schema.tree(body(second.get("/api/stream", Map.of()))).get("status").asText());
            }
            int calls = aws.ivs().getStreamCalls() - before;
            // at most one call per instance per 30 s: 2 instances x (600 s / 30 s + 1)
            assertTrue(calls <= 2 * (600 / 30 + 1), "GetStream calls: " + calls);
            assertTrue(calls >= 2, "each instance asked at least once: " + calls);
        }
    }
}

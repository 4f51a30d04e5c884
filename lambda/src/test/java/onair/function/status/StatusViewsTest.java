package onair.function.status;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.aws.StateStore;
import onair.function.state.StreamState;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static onair.function.support.FunctionHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm path keeps what it built ({@link StatusViews}: the rewind source per recording, the last view while its
 * parts are the same objects): every change a viewer must see still reaches the body. The second and third cases
 * keep one cached state copy (a long SSM cache TTL), so only the clock or GetStream changes what is shown.
 */
class StatusViewsTest {

    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String PREFIX = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs";
    static final String NEXT_PREFIX = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/1/k9Z9O91ndcVt";

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;

    @AfterEach
    void tearDown() {
        if (fn != null) {
            fn.close();
        }
    }

    /** A fixture as another delivery: fresh id, own time. */
    static String event(String name, String time) {
        String json = Fixtures.event(name);
        String id = Schema.tree(json).get("id").asText();
        String oldTime = Schema.tree(json).get("time").asText();
        return json.replace(id, UUID.randomUUID().toString()).replace(oldTime, time);
    }

    void apply(String json) {
        String outcome = fn.event(json);
        assertTrue(outcome.contains("\"applied\""), outcome);
    }

    JsonNode get(Duration after) {
        fn.clock().advance(after);
        String body = body(fn.get("/api/stream", Map.of()));
        assertEquals("", Schema.violations(body), body);
        return Schema.tree(body);
    }

    @Test
    void theRewindSourceFollowsTheRecordingWhenItEndsAndWhenANewOneStarts() {
        aws.ivs().reset();
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600"));
        apply(event("stream-start", "2026-01-01T12:00:00Z"));
        apply(event("recording-start", "2026-01-01T12:00:05Z"));
        JsonNode recording = get(Duration.ofSeconds(3)).get("dvr");
        assertEquals("/" + PREFIX + "/media/hls/master.m3u8", recording.get("playlistUrl").asText());
        assertTrue(recording.get("recording").asBoolean());
        assertEquals(recording, get(Duration.ZERO).get("dvr"), "the same state: the same rewind source");

        // the same recording (same prefix) has ended: no longer being written
        apply(event("recording-end", "2026-01-01T12:00:30Z"));
        JsonNode ended = get(Duration.ofSeconds(30)).get("dvr");
        assertEquals(recording.get("playlistUrl"), ended.get("playlistUrl"));
        assertEquals(false, ended.get("recording").asBoolean(), ended.toString());

        // a new recording of the live stream: its own prefix and start
        apply(event("recording-start", "2026-01-01T12:01:00Z").replace(PREFIX, NEXT_PREFIX)
                .replace("j8Z9O91ndcVs", "k9Z9O91ndcVt"));
        JsonNode next = get(Duration.ofSeconds(30)).get("dvr");
        assertEquals("/" + NEXT_PREFIX + "/media/hls/master.m3u8", next.get("playlistUrl").asText(), next.toString());
        assertEquals("/" + NEXT_PREFIX + "/onair/chapters.json", next.get("chaptersUrl").asText());
        assertEquals("2026-01-01T12:01:00Z", next.get("startedAt").asText());
        assertTrue(next.get("recording").asBoolean());
    }

    @Test
    void aClosingReconnectWindowChangesTheStatusWithoutANewRead() {
        fn = new FunctionHarness(Map.of("onair.cache-ttl-seconds", "3600",
                "onair.recording-reconnect-window-seconds", "60", "onair.channel-arn", ""));
        fn.clock().advance(Duration.ofSeconds(5));
        // a stream that ended at 12:00:10 (written as the events function stores it): reconnecting until 12:01:10
        Instant end = Instant.parse("2026-01-01T12:00:10Z");
        fn.context.getBean(StateStore.class).write(new StreamState(StreamState.IDLE, end, S1, null, end, null, null,
                List.of(), end, false, S1));
        assertEquals("reconnecting", get(Duration.ZERO).get("status").asText());
        assertEquals("reconnecting", get(Duration.ofSeconds(50)).get("status").asText());
        assertEquals("idle", get(Duration.ofSeconds(11)).get("status").asText(), "the window closed: same state copy");
    }

    @Test
    void aNewViewerCountReachesTheBodyWithoutANewRead() {
        aws.ivs().reset();
        fn = new FunctionHarness(Map.of("onair.cache-ttl-seconds", "3600", "onair.reconcile-interval-seconds", "30"));
        apply(event("stream-start", "2026-01-01T12:00:00Z"));
        aws.ivs().stream(S1, "2026-01-01T12:00:00Z", 3);
        assertEquals(3, get(Duration.ZERO).get("viewerCount").asLong());
        aws.ivs().stream(S1, "2026-01-01T12:00:00Z", 5);
        assertEquals(3, get(Duration.ofSeconds(10)).get("viewerCount").asLong(), "one GetStream per interval");
        assertEquals(5, get(Duration.ofSeconds(30)).get("viewerCount").asLong());
    }
}

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

import static onair.function.support.FunctionHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lost stream events are repaired by GetStream, at a bounded rate, only while someone asks: a lost Stream End while
 * live, a lost Stream Start of a new broadcast once its recording has run a minute.
 */
class ReconcileTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "60"));
        aws.ivs().live(true);
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    JsonNode get() {
        return Schema.tree(body(fn.get("/api/stream", Map.of())));
    }

    @Test
    void lostStreamEndIsRepairedByGetStream() {
        fn.event(Fixtures.event("stream-start"));
        aws.ivs().live(false);
        int before = aws.ivs().getStreamCalls();
        JsonNode j = get();
        assertEquals("idle", j.get("status").asText());
        assertEquals(1, aws.ivs().getStreamCalls() - before);
        JsonNode doc = Schema.tree(fn.document().orElseThrow());
        assertEquals("idle", doc.get("status").asText());
        assertEquals("2026-01-01T12:00:10Z", doc.get("lastLiveAt").asText());
        // idle: no more GetStream, however many requests and however much time passes
        for (int i = 0; i < 20; i++) {
            fn.clock().advance(Duration.ofSeconds(61));
            get();
        }
        assertEquals(1, aws.ivs().getStreamCalls() - before);
    }

    @Test
    void aLostStreamStartOfANewBroadcastIsRepairedOnceItsRecordingHasRunAMinute() {
        // the Recording Start (12:00:05) arrived, the Stream Start never did; the clock is at 12:00:10
        fn.event(Fixtures.event("recording-start"));
        int before = aws.ivs().getStreamCalls();
        assertEquals("idle", get().get("status").asText());
        assertEquals(0, aws.ivs().getStreamCalls() - before, "a late Start gets a minute to arrive");
        fn.clock().advance(Duration.ofSeconds(55));
        JsonNode j = get();
        assertEquals(1, aws.ivs().getStreamCalls() - before);
        assertEquals("live", j.get("status").asText());
        JsonNode doc = Schema.tree(fn.document().orElseThrow());
        assertEquals("live", doc.get("status").asText());
        assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", doc.get("streamId").asText());
        assertEquals(true, j.get("dvr").get("recording").asBoolean(), j.toString());
    }

    @Test
    void anOpenRecordingWithoutABroadcastIsAskedAboutOnce() {
        fn.event(Fixtures.event("recording-start"));
        aws.ivs().live(false);
        int before = aws.ivs().getStreamCalls();
        for (int i = 0; i < 20; i++) {
            fn.clock().advance(Duration.ofSeconds(61));
            assertEquals("idle", get().get("status").asText());
        }
        assertEquals(1, aws.ivs().getStreamCalls() - before, "its Recording End was lost too: nothing to repair");
    }

    @Test
    void aRecordingOfAnEarlierStreamIsNoReasonToAsk() {
        fn.event(Fixtures.event("stream-start"));
        fn.event(Fixtures.event("recording-start"));
        fn.clock().advance(Duration.ofHours(2)); // the Stream End is dated 14:00:00
        fn.event(Fixtures.event("stream-end"));
        aws.ivs().live(false);
        int before = aws.ivs().getStreamCalls();
        // past the reconnect window, the Recording End lost: the open recording began before the last stream ended
        for (int i = 0; i < 20; i++) {
            fn.clock().advance(Duration.ofSeconds(400));
            assertEquals("idle", get().get("status").asText());
        }
        assertEquals(0, aws.ivs().getStreamCalls() - before);
    }

    @Test
    void getStreamAtMostOncePerIntervalWhileLive() {
        fn.event(Fixtures.event("stream-start"));
        int before = aws.ivs().getStreamCalls();
        for (int i = 0; i < 200; i++) {
            assertEquals("live", get().get("status").asText());
        }
        assertEquals(1, aws.ivs().getStreamCalls() - before, "one check for 200 requests within the interval");
        fn.clock().advance(Duration.ofSeconds(30));
        get();
        assertEquals(1, aws.ivs().getStreamCalls() - before);
        fn.clock().advance(Duration.ofSeconds(31));
        get();
        get();
        assertEquals(2, aws.ivs().getStreamCalls() - before);
    }

    @Test
    void reconcileNeverOverwritesANewerStartWrittenMeanwhile() {
        fn.event(Fixtures.event("stream-start"));
        assertEquals("live", get().get("status").asText()); // cache holds stream 1, check done
        // a newer stream starts after the next check time; the cache still holds the old state (the Start is dated
        // ahead of the function's clock, within the few minutes of skew events are allowed)
        fn.clock().advance(Duration.ofSeconds(5));
        String applied = fn.event(Fixtures.event("stream-start").replace("12:00:00Z", "12:04:00Z")
                .replace("01234567-0123", "f1234567-0123")
                .replace("st-1A2b3c4D5e6F78ghij9Klmn", "st-2Second0000000000000000"));
        assertEquals(true, applied.contains("\"applied\""), applied);
        aws.ivs().live(false);
        fn.clock().advance(Duration.ofSeconds(60));
        JsonNode j = get();
        assertEquals("live", j.get("status").asText());
        assertEquals("st-2Second0000000000000000", Schema.tree(fn.document().orElseThrow()).get("streamId").asText());
    }
}

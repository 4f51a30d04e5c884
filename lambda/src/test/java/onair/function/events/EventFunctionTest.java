package onair.function.events;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw EventBridge events through the events function's entry point; the SSM document checked directly. */
class EventFunctionTest {

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

    JsonNode document() {
        return Schema.tree(fn.document().orElseThrow(() -> new AssertionError("no SSM document written")));
    }

    @Test
    void streamLifecycleIsWrittenToSsm() {
        assertTrue(fn.event(Fixtures.event("session-created")).contains("\"ignored\""));
        assertTrue(fn.document().isEmpty(), "Session Created writes nothing");

        assertTrue(fn.event(Fixtures.event("stream-start")).contains("\"applied\""));
        JsonNode live = document();
        assertEquals("live", live.get("status").asText());
        assertEquals("2026-01-01T12:00:00Z", live.get("since").asText());
        assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", live.get("streamId").asText());
        assertEquals("2026-01-01T12:00:10Z", live.get("updatedAt").asText());

        fn.event(Fixtures.event("recording-start"));
        JsonNode rec = document().get("recording");
        assertEquals("onair-recordings", rec.get("bucket").asText());
        assertEquals("ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs", rec.get("keyPrefix").asText());
        assertEquals("2026-01-01T12:00:05Z", rec.get("startedAt").asText());
        assertTrue(rec.get("endedAt").isNull());

        fn.clock().advance(Duration.ofHours(1)); // events are never dated after the function's clock
        fn.event(Fixtures.event("stream-failure"));
        JsonNode idle = document();
        assertEquals("idle", idle.get("status").asText());
        assertEquals("Input bitrate exceeded the channel limit", idle.get("failureReason").asText());

        fn.clock().advance(Duration.ofHours(1));
        fn.event(Fixtures.event("recording-end"));
        assertEquals("2026-01-01T14:00:30Z", document().get("recording").get("endedAt").asText());
    }

    @Test
    void duplicateDeliveryWritesNothing() {
        fn.event(Fixtures.event("stream-start"));
        String before = fn.document().orElseThrow();
        fn.calls().reset();
        String outcome = fn.event(Fixtures.event("stream-start"));
        assertTrue(outcome.contains("\"ignored\"") && outcome.contains("duplicate"), outcome);
        assertEquals(0, fn.calls().count("PutParameter"));
        assertEquals(before, fn.document().orElseThrow());
    }

    @Test
    void lateEndOfAnOlderStreamLeavesTheNewStreamLive() {
        fn.clock().advance(Duration.ofHours(3));
        fn.event(Fixtures.event("stream-start").replace("12:00:00Z", "15:00:00Z")
                .replace("st-1A2b3c4D5e6F78ghij9Klmn", "st-2Second0000000000000000"));
        String outcome = fn.event(Fixtures.event("stream-end"));
        assertTrue(outcome.contains("\"ignored\""), outcome);
        assertEquals("live", document().get("status").asText());
        assertEquals("st-2Second0000000000000000", document().get("streamId").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "{\"detail-type\":", "{}", "[]"})
    void malformedEventsAreDroppedWithoutTouchingSsm(String body) {
        fn.event(Fixtures.event("stream-start"));
        String before = fn.document().orElseThrow();
        fn.calls().reset();
        String outcome = fn.event(body);
        assertTrue(outcome.contains("\"dropped\""), outcome);
        assertEquals(0, fn.calls().count("PutParameter"));
        assertEquals(0, fn.calls().count("GetParameter"), "a dropped event costs no SSM call");
        assertEquals(before, fn.document().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foreign-source", "foreign-channel", "stream-health"})
    void foreignEventsAreDropped(String fixture) {
        String outcome = fn.event(Fixtures.event(fixture));
        assertTrue(outcome.contains("\"dropped\""), outcome);
        assertTrue(fn.document().isEmpty());
    }

    @Test
    void aCorruptDocumentIsReplacedByTheNextEvent() {
        fn.context.getBean(software.amazon.awssdk.services.ssm.SsmClient.class).putParameter(b -> b
                .name(fn.parameter).value("{not a document").type("String").overwrite(true));
        assertTrue(fn.event(Fixtures.event("stream-start")).contains("\"applied\""));
        assertEquals("live", document().get("status").asText());
    }
}

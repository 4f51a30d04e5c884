package onair.function.events;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import onair.function.support.SqsEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches from the events FIFO queue (AWS's SQS event shape) against a real SSM (moto_server). */
class SqsBatchTest {

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
    void aBatchIsAppliedInOrderAndAnsweredWithNoFailures() {
        String response = fn.event(SqsEvents.batch(List.of(
                Fixtures.event("session-created"),
                Fixtures.event("stream-start"),
                Fixtures.event("recording-start"))));
        assertEquals(List.of(), SqsEvents.failures(response), response);
        JsonNode doc = Schema.tree(fn.document().orElseThrow());
        assertEquals("live", doc.get("status").asText());
        assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", doc.get("streamId").asText());
        assertEquals("2026-01-01T12:00:05Z", doc.get("recording").get("startedAt").asText());

        String end = fn.event(SqsEvents.batch(List.of(Fixtures.event("stream-end"), Fixtures.event("recording-end"))));
        assertEquals(List.of(), SqsEvents.failures(end), end);
        assertEquals("idle", Schema.tree(fn.document().orElseThrow()).get("status").asText());
    }

    @Test
    void malformedAndForeignRecordsAreDroppedNotRetried() {
        String response = fn.event(SqsEvents.batch(List.of(
                "not json at all",
                Fixtures.event("foreign-source"),
                Fixtures.event("stream-start"),
                Fixtures.event("foreign-channel"))));
        assertEquals(List.of(), SqsEvents.failures(response), "a dropped event is not a failure: " + response);
        assertEquals("live", Schema.tree(fn.document().orElseThrow()).get("status").asText());
    }

    @Test
    void aDuplicateInTheBatchWritesOnce() {
        fn.calls().reset();
        String response = fn.event(SqsEvents.batch(List.of(Fixtures.event("stream-start"), Fixtures.event("stream-start"))));
        assertEquals(List.of(), SqsEvents.failures(response));
        assertEquals(1, fn.calls().count("PutParameter"));
    }

    @Test
    void aBareEventBridgeEventIsStillApplied() {
        String outcome = fn.event(Fixtures.event("stream-start"));
        assertTrue(outcome.contains("\"applied\""), outcome);
    }
}

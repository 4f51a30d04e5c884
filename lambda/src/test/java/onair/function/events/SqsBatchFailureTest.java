package onair.function.events;

import onair.function.support.AwsEndpoints;
import onair.function.support.FakeIvs;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import onair.function.support.SqsEvents;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SSM endpoint (a real moto_server) goes away between batches: failed records stay on the queue, in order. */
class SqsBatchFailureTest {

    @Test
    void theFailedRecordAndEveryLaterOneAreReportedAndNothingLaterIsAttempted() throws Exception {
        MotoServer moto = AwsEndpoints.startMoto();
        try (FakeIvs ivs = new FakeIvs()) {
            FunctionHarness.useEndpoints(moto.url(), ivs.endpoint());
            try (FunctionHarness fn = new FunctionHarness(Map.of())) {
                String first = fn.event(SqsEvents.batch(List.of(Fixtures.event("stream-start"))));
                assertEquals(List.of(), SqsEvents.failures(first));
                String before = fn.document().orElseThrow();

                moto.close();
                fn.calls().reset();
                String response = fn.event(SqsEvents.batch(List.of(
                        "{\"malformed\":",                      // m1: dropped (no SSM call), not a failure
                        Fixtures.event("recording-start"),        // m2: SSM unreachable -> failed
                        Fixtures.event("stream-end"))));          // m3: never attempted, kept behind m2
                assertEquals(List.of("m2", "m3"), SqsEvents.failures(response), response);
                assertEquals(1, fn.calls().count("GetParameter"), "records after the failed one are not attempted");
                assertEquals(0, fn.calls().count("PutParameter"));

                // a record without a messageId cannot be named in the answer: the whole invocation fails instead
                fn.clock().advance(Duration.ofHours(3)); // the Stream End (14:00) is then not a future event
                assertThrows(RuntimeException.class, () -> fn.event(SqsEvents.batch(
                        Arrays.asList(Fixtures.event("stream-end")), new String[] {null})));

                // SSM back (a new moto, the document put back as it was): the retried records apply in order
                MotoServer again = AwsEndpoints.startMoto();
                try {
                    FunctionHarness.useEndpoints(again.url(), ivs.endpoint());
                    try (FunctionHarness retry = new FunctionHarness(Map.of())) {
                        retry.context.getBean(software.amazon.awssdk.services.ssm.SsmClient.class).putParameter(b -> b
                                .name(retry.parameter).value(before).type("String").overwrite(true));
                        retry.clock().advance(Duration.ofHours(3)); // events are never dated after the clock
                        String ok = retry.event(SqsEvents.batch(List.of(Fixtures.event("recording-start"),
                                Fixtures.event("stream-end")), "m2", "m3"));
                        assertEquals(List.of(), SqsEvents.failures(ok), ok);
                        var doc = Schema.tree(retry.document().orElseThrow());
                        assertEquals("idle", doc.get("status").asText());
                        assertEquals("2026-01-01T12:00:05Z", doc.get("recording").get("startedAt").asText());
                    }
                } finally {
                    again.close();
                }
            }
        } finally {
            moto.close();
        }
    }
}

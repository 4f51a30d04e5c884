package onair.function.state;

import io.micronaut.json.JsonMapper;
import onair.function.aws.StateStore;
import onair.function.support.AwsEndpoints;
import onair.function.support.FunctionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SSM's Standard tier holds at most 4,096 characters (AWS Service Quotas for Systems Manager; botocore PutParameter
 * Value: "Standard parameters have a value limit of 4 KB"). The worst document the events can build is written to a
 * real SSM endpoint (moto through local/moto/moto_local.py, which refuses what AWS refuses), event after event.
 */
class StateDocumentLimitTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;
    StateMachine machine;
    StateStore store;
    SsmClient ssm;
    JsonMapper json;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of());
        machine = fn.context.getBean(StateMachine.class);
        store = fn.context.getBean(StateStore.class);
        ssm = fn.context.getBean(SsmClient.class);
        json = fn.context.getBean(JsonMapper.class);
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    @Test
    void theLocalSsmRefusesAStandardValueOverFourKilobytesAsAwsDoes() {
        ssm.putParameter(b -> b.name(fn.parameter).value("x".repeat(4096)).type(ParameterType.STRING).overwrite(true));
        SsmException e = assertThrows(SsmException.class, () -> ssm.putParameter(b -> b.name(fn.parameter)
                .value("x".repeat(4097)).type(ParameterType.STRING).overwrite(true)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("maximum parameter value of 4096 characters"), e.getMessage());
    }

    /** Long, escaping-heavy text: quotes, backslashes and control characters all grow in JSON. */
    static String hostile(int length, int seed) {
        StringBuilder s = new StringBuilder();
        String alphabet = "\"\\\u0001\u001f<é>" + seed;
        for (int i = 0; s.length() < length; i++) {
            s.append(alphabet.charAt(i % alphabet.length()));
        }
        return s.toString();
    }

    @Test
    void aLongReconnectingSessionKeepsTheDocumentUnderTheSsmLimit() throws IOException {
        Instant t0 = Instant.parse("2026-01-01T12:00:00Z");
        String prefix = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/" + "r".repeat(DocumentBounds.MAX_KEY_PREFIX_CHARS
                - "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/".length());
        List<IvsEvent> events = new ArrayList<>();
        List<String> reconnects = new ArrayList<>();
        events.add(new IvsEvent(hostile(300, 0), EventKind.RECORDING_START, t0.plusSeconds(1), null, null,
                hostile(300, 1), prefix, null, hostile(300, 2), null));
        // 200 reconnects inside the recording's reconnect window: one stream id each, every id as bad as it gets
        for (int i = 0; i < 200; i++) {
            String stream = "st-" + hostile(500, i);
            reconnects.add(stream);
            Instant at = t0.plusSeconds(60L * i);
            events.add(new IvsEvent(hostile(400, 1000 + i), EventKind.STREAM_START, at, stream, null, null, null,
                    null, null, null));
            events.add(new IvsEvent(hostile(400, 5000 + i), i == 199 ? EventKind.STREAM_FAILURE : EventKind.STREAM_END,
                    at.plusSeconds(30), stream, i == 199 ? hostile(20_000, 7) : null, null, null, null, null, null));
        }
        // ... and IVS lists every one of them (and thousands more) in recording_session_stream_ids at the end
        List<String> allIds = new ArrayList<>(reconnects);
        IntStream.range(0, 10_000).forEach(i -> allIds.add("st-" + hostile(200, 20_000 + i)));
        events.add(new IvsEvent(hostile(300, 3), EventKind.RECORDING_END, t0.plusSeconds(60L * 200 + 10), null,
                hostile(5_000, 4), hostile(300, 1), prefix, 12_000_000L, hostile(300, 2), allIds));
        events.add(new IvsEvent(hostile(300, 5), EventKind.RECORDING_START_FAILURE, t0.plusSeconds(60L * 200 + 20),
                null, hostile(20_000, 6), null, null, null, null, null));

        StreamState state = StreamState.initial();
        int longest = 0;
        for (IvsEvent e : events) {
            Decision d = machine.apply(state, e, t0.plusSeconds(60L * 300));
            if (d.changed()) {
                state = d.state();
                store.write(state); // refused by SSM (ValidationException) if the document is over 4,096 characters
                longest = Math.max(longest, fn.document().orElseThrow().length());
            }
        }
        String doc = fn.document().orElseThrow();
        System.out.println("worst-case state document: " + longest + " characters (SSM Standard limit 4096)");
        assertTrue(longest <= DocumentBounds.SSM_STANDARD_MAX_CHARS, "longest document " + longest);
        StreamState back = store.read();
        assertEquals(state, back, "the bounded document reads back unchanged");
        assertEquals("idle", back.status());
        assertEquals(prefix, back.recording().keyPrefix(), "the DVR path is never shortened");
        assertEquals(DocumentBounds.MAX_STREAM_IDS, back.recording().streamIds().size());
        assertEquals(StreamState.RECENT_IDS, back.eventIds().size());
        assertTrue(back.failureReason().startsWith("Recording Start Failure"), back.failureReason());
        assertFalse(doc.contains(hostile(300, 0)), "long ids are kept as digests");

        // the same events again are duplicates (their ids compare equal once bounded): nothing is written
        Decision again = machine.apply(back, events.get(events.size() - 1), t0.plusSeconds(60L * 301));
        assertFalse(again.changed(), again.reason());
    }

    @Test
    void aRecordingWhosePrefixCannotFitIsIgnoredWithAReason() {
        String tooLong = "ivs/v1/" + "p".repeat(DocumentBounds.MAX_KEY_PREFIX_CHARS);
        Decision d = machine.apply(StreamState.initial(), new IvsEvent("e-1", EventKind.RECORDING_START,
                Instant.parse("2026-01-01T12:00:00Z"), null, null, "b", tooLong, null, "s", null), Instant.now());
        assertFalse(d.changed());
        assertTrue(d.reason().contains("does not fit the 4 KB state document"), d.reason());
    }
}

package onair.function.events;

import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.HostileCorpus;
import onair.function.support.Parsers;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-event corpus through the real events entry point against moto's SSM: every event is dropped, costs
 * no SSM write and leaves the stored document byte for byte as it was; the reason logged for it is one short
 * line without control characters. The corpus's base events, sent as they are, do change the document, so each
 * hostile event differs from an applied one by the hostile part only.
 */
class HostileEventsTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;
    final HostileCorpus corpus = new HostileCorpus();

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of());
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    /** Live with stream S1 since 12:00:00 and its recording in progress; the clock a few minutes later. */
    HostileCorpus.Context live() {
        assertTrue(fn.event(Fixtures.event("stream-start")).contains("\"applied\""));
        assertTrue(fn.event(Fixtures.event("recording-start")).contains("\"applied\""));
        fn.clock().advance(Duration.ofMinutes(5));
        var doc = Schema.tree(fn.document().orElseThrow());
        return new HostileCorpus.Context(fn.clock().instant(), FunctionHarness.CHANNEL, Parsers.BUCKET,
                doc.get("streamId").asText(), doc.get("recording").get("keyPrefix").asText());
    }

    @Test
    void theCorpusHasAtLeastThirtyDistinctEvents() {
        List<HostileCorpus.Entry> events = corpus.events(new HostileCorpus.Context(fn.clock().instant(),
                FunctionHarness.CHANNEL, Parsers.BUCKET, "st-1A2b3c4D5e6F78ghij9Klmn", "ivs/v1/x"));
        assertTrue(events.size() >= 30, "corpus has " + events.size() + " events");
        assertEquals(events.size(), new HashSet<>(events.stream().map(HostileCorpus.Entry::name).toList()).size(),
                "names are unique");
    }

    @Test
    void everyHostileEventLeavesTheLiveDocumentByteForByte() {
        assertCorpusChangesNothing(live());
    }

    @Test
    void everyHostileEventLeavesTheIdleDocumentByteForByte() {
        HostileCorpus.Context ctx = live();
        fn.clock().advance(Duration.ofHours(2));
        assertTrue(fn.event(Fixtures.event("stream-end")).contains("\"applied\""));
        assertCorpusChangesNothing(new HostileCorpus.Context(fn.clock().instant(), ctx.channelArn(), ctx.bucket(),
                ctx.liveStreamId(), ctx.prefix()));
    }

    void assertCorpusChangesNothing(HostileCorpus.Context ctx) {
        String before = fn.document().orElseThrow();
        List<String> failures = new ArrayList<>();
        for (HostileCorpus.Entry e : corpus.events(ctx)) {
            fn.calls().reset();
            String outcome = fn.event(e.body());
            String after = fn.document().orElseThrow();
            if (!outcome.contains("\"dropped\"")) {
                failures.add(e.name() + ": not dropped: " + outcome);
            } else if (!before.equals(after) || fn.calls().count("PutParameter") != 0) {
                failures.add(e.name() + ": the document changed");
            }
            String reason = outcome.substring(outcome.indexOf("\"detail\""));
            if (reason.length() > 400 || reason.chars().anyMatch(c -> c < 0x20)) {
                failures.add(e.name() + ": reason is not one short safe line: " + reason.length() + " chars");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theBaseEventsAsTheyAreAreApplied() {
        HostileCorpus.Context ctx = live();
        SsmClient ssm = fn.context.getBean(SsmClient.class);
        String before = fn.document().orElseThrow();
        for (Map.Entry<String, String> base : corpus.bases(ctx).entrySet()) {
            String outcome = fn.event(base.getValue());
            assertTrue(outcome.contains("\"applied\""), base.getKey() + ": " + outcome);
            assertNotEquals(before, fn.document().orElseThrow(), base.getKey());
            ssm.putParameter(b -> b.name(fn.parameter).value(before).type("String").overwrite(true));
        }
    }
}

package onair.function.events;

import onair.function.support.Fixtures;
import onair.function.support.Parsers;
import onair.function.state.EventKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IvsEventParserTest {

    final IvsEventParser parser = Parsers.at("2026-01-01T15:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "stream-start, STREAM_START", "stream-end, STREAM_END", "stream-failure, STREAM_FAILURE",
        "session-created, SESSION_CREATED", "session-ended, SESSION_ENDED", "stream-takeover, STREAM_TAKEOVER",
        "recording-start, RECORDING_START", "recording-end, RECORDING_END",
        "recording-start-failure, RECORDING_START_FAILURE"})
    void everyFixtureParses(String fixture, EventKind kind) {
        ParsedEvent p = parser.parse(Fixtures.event(fixture));
        assertEquals(kind, assertInstanceOf(ParsedEvent.Accepted.class, p).event().kind());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stream-health   | does not change the stream state",
        "foreign-source  | foreign source \"aws.ec2\"",
        "foreign-channel | foreign channel"})
    void foreignAndStatelessEventsAreRejected(String fixture, String reason) {
        ParsedEvent p = parser.parse(Fixtures.event(fixture));
        String got = assertInstanceOf(ParsedEvent.Rejected.class, p).reason();
        assertTrue(got.contains(reason), got);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"source\":", "[1,2]", "null", "42"})
    void malformedJsonIsRejectedNotThrown(String body) {
        assertInstanceOf(ParsedEvent.Rejected.class, parser.parse(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"time\": \"2026-01-01T12:00:00Z\"|\"time\": \"yesterday\"|bad or missing time",
        "\"stream_id\": \"st-1A2b3c4D5e6F78ghij9Klmn\"|\"stream_id\": \"\"|without detail.stream_id",
        "\"event_name\": \"Stream Start\"|\"event_name\": \"Stream Paused\"|unknown event_name",
        "\"id\": \"01234567-0123-0123-0123-012345678901\",|\"id\": null,|id is not a string"})
    void brokenFieldsAreRejectedWithAClearReason(String from, String to, String reason) {
        String body = Fixtures.event("stream-start").replace(from, to);
        String got = assertInstanceOf(ParsedEvent.Rejected.class, parser.parse(body)).reason();
        assertTrue(got.contains(reason), got);
    }

    /** The hostile corpus through the parser alone (HostileEventsTest runs it through the handler against SSM). */
    @org.junit.jupiter.api.Test
    void everyHostileEventIsRefusedWithAShortSafeReasonAndEveryBaseIsAccepted() {
        java.time.Instant now = java.time.Instant.parse("2026-01-01T15:00:00Z");
        var ctx = new onair.function.support.HostileCorpus.Context(now, onair.function.support.FunctionHarness.CHANNEL,
                Parsers.BUCKET, "st-1A2b3c4D5e6F78ghij9Klmn", "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs");
        IvsEventParser p = Parsers.at(now, onair.function.support.FunctionHarness.CHANNEL, Parsers.BUCKET);
        var corpus = new onair.function.support.HostileCorpus();
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (var e : corpus.events(ctx)) {
            ParsedEvent r = p.parse(e.body());
            if (!(r instanceof ParsedEvent.Rejected rejected)) {
                wrong.add(e.name() + ": accepted");
            } else if (rejected.reason().length() > 300 || rejected.reason().chars().anyMatch(c -> c < 0x20 || c > 0x7e && c != '…')) {
                wrong.add(e.name() + ": unsafe reason " + rejected.reason().length() + " chars");
            }
        }
        corpus.bases(ctx).forEach((name, body) -> {
            if (!(p.parse(body) instanceof ParsedEvent.Accepted)) {
                wrong.add("base " + name + ": " + p.parse(body));
            }
        });
        assertEquals(java.util.List.of(), wrong);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-01-01T15:05:00Z|true", "2026-01-01T15:05:01Z|false",
        "2025-12-17T15:00:00Z|true", "2025-12-17T14:59:59Z|false"})
    void eventTimeMustLieInTheConfiguredWindow(String time, boolean accepted) {
        String body = Fixtures.event("stream-start").replace("2026-01-01T12:00:00Z", time);
        assertEquals(accepted, parser.parse(body) instanceof ParsedEvent.Accepted, time);
    }

    @org.junit.jupiter.api.Test
    void eventsAreRefusedWhileTheChannelOrBucketIsUnset() {
        IvsEventParser noBucket = Parsers.at(java.time.Instant.parse("2026-01-01T15:00:00Z"),
                onair.function.support.FunctionHarness.CHANNEL, null);
        String reason = assertInstanceOf(ParsedEvent.Rejected.class, noBucket.parse(Fixtures.event("recording-start")))
                .reason();
        assertTrue(reason.contains("ONAIR_RECORDINGS_BUCKET"), reason);
        IvsEventParser noChannel = Parsers.at(java.time.Instant.parse("2026-01-01T15:00:00Z"), null, Parsers.BUCKET);
        reason = assertInstanceOf(ParsedEvent.Rejected.class, noChannel.parse(Fixtures.event("stream-start"))).reason();
        assertTrue(reason.contains("ONAIR_CHANNEL_ARN"), reason);
    }

    @org.junit.jupiter.api.Test
    void logSafeEscapesAndCuts() {
        assertEquals("\"a\\u000a\\u001b\\\"\\\\\\u00e4\"", LogSafe.quote("a\n\u001b\"\\\u00e4"));
        String cut = LogSafe.quote("x".repeat(100_000));
        assertTrue(cut.length() < 100 && cut.endsWith("(100000 chars)"), cut);
    }
}

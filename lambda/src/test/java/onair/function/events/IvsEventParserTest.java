package onair.function.events;

import onair.function.support.Fixtures;
import onair.function.support.Parsers;
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
}

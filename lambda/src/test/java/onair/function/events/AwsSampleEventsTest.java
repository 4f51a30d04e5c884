package onair.function.events;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.Fixtures;
import onair.function.support.Parsers;
import onair.function.support.Schema;
import onair.function.state.EventKind;
import onair.function.state.IvsEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The fixtures against AWS's own sample events (events/aws-samples, copied from the IVS EventBridge page; see
 * events/README.md): each fixture has exactly the sample's fields, in the sample's JSON types, and AWS's samples
 * themselves pass the parser once their placeholders are filled in.
 */
class AwsSampleEventsTest {

    @ParameterizedTest
    @CsvSource({
        "session-created, session-created", "session-ended, session-ended", "stream-start, stream-start",
        "stream-end, stream-end", "stream-failure, stream-failure", "stream-takeover, stream-takeover",
        "stream-takeover-failure, stream-takeover-failure", "stream-health, stream-health",
        "limit-breach, limit-breach", "recording-start, recording-start", "recording-end, recording-end",
        "recording-start-failure, recording-start-failure", "recording-end-failure, recording-end-failure"})
    void fixtureHasTheSampleFieldsAndTypes(String fixture, String sample) {
        List<String> diffs = new ArrayList<>();
        compare("", Schema.tree(Fixtures.event("aws-samples/" + sample)), Schema.tree(Fixtures.event(fixture)), diffs);
        assertEquals(List.of(), diffs);
    }

    @ParameterizedTest
    @CsvSource({
        "stream-start, STREAM_START", "stream-end, STREAM_END", "stream-failure, STREAM_FAILURE",
        "stream-takeover, STREAM_TAKEOVER", "stream-takeover-failure, STREAM_TAKEOVER_FAILURE",
        "session-created, SESSION_CREATED", "session-ended, SESSION_ENDED",
        "recording-start, RECORDING_START", "recording-end, RECORDING_END",
        "recording-start-failure, RECORDING_START_FAILURE"})
    void awsSamplesParse(String sample, EventKind kind) {
        // The samples leave the account as the placeholder "aws_account_id"; the Session samples give the event's
        // region as us-east-1 for a us-west-2 channel (an editing slip: IVS sends from the channel's region).
        JsonNode raw = Schema.tree(Fixtures.event("aws-samples/" + sample));
        String arn = raw.get("resources").get(0).asText().replace("aws_account_id", "123456789012");
        String body = Fixtures.event("aws-samples/" + sample).replace("aws_account_id", "123456789012")
                .replace("\"region\": \"" + raw.get("region").asText() + "\"", "\"region\": \"" + arn.split(":")[3] + "\"");
        String bucket = raw.get("detail").has("recording_s3_bucket_name")
                ? raw.get("detail").get("recording_s3_bucket_name").asText() : Parsers.BUCKET;
        Instant now = Instant.parse(raw.get("time").asText()).plusSeconds(30);
        ParsedEvent p = Parsers.at(now, arn, bucket).parse(body);
        assertEquals(kind, assertInstanceOf(ParsedEvent.Accepted.class, p, p::toString).event().kind());
    }

    @org.junit.jupiter.api.Test
    void recordingStartFailureSampleHasAnEmptyPrefixAndNoRecording() {
        JsonNode sample = Schema.tree(Fixtures.event("aws-samples/recording-start-failure"));
        assertEquals("", sample.get("detail").get("recording_s3_key_prefix").asText());
        ParsedEvent p = Parsers.at("2026-01-01T12:00:10Z").parse(Fixtures.event("recording-start-failure"));
        IvsEvent e = assertInstanceOf(ParsedEvent.Accepted.class, p).event();
        assertEquals(null, e.keyPrefix());
        assertEquals("ValidationException", e.reason());
    }

    private static void compare(String path, JsonNode sample, JsonNode fixture, List<String> diffs) {
        if (sample.getNodeType() != fixture.getNodeType()) {
            diffs.add(path + ": " + fixture.getNodeType() + " where AWS has " + sample.getNodeType());
            return;
        }
        if (sample.isObject()) {
            List<String> want = names(sample);
            List<String> got = names(fixture);
            if (!want.equals(got)) {
                diffs.add(path + ": fields " + got + " where AWS has " + want);
                return;
            }
            for (String f : want) {
                compare(path + "/" + f, sample.get(f), fixture.get(f), diffs);
            }
        } else if (sample.isArray() && sample.size() > 0 && fixture.size() > 0) {
            compare(path + "/0", sample.get(0), fixture.get(0), diffs);
        }
    }

    private static List<String> names(JsonNode o) {
        List<String> n = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            n.add(it.next());
        }
        return n.stream().sorted().toList();
    }
}

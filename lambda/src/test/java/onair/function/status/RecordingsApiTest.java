package onair.function.status;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Parsers;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static onair.function.support.FunctionHarness.body;
import static onair.function.support.FunctionHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/recordings end to end inside the function: IVS Recording End events go through the events function into
 * the index object in (moto's) recordings bucket, and the status function lists them against the contract
 * (lambda/api/recordings.schema.json): newest first, paged, failed and expired recordings never listed, cached per TTL.
 */
class RecordingsApiTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    static final String BUCKET = Parsers.BUCKET;
    static final Instant T0 = Instant.parse("2026-01-01T12:00:10Z"); // TestClock's start

    FunctionHarness fn;
    S3Client s3;
    String indexKey;

    /** The channel info parameter scripts/channel writes (one per test). */
    private final String channelInfoParameter = "/onair/test-channel-info/" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        indexKey = "onair/test-" + UUID.randomUUID() + ".json";
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600",
                "onair.recordings-index-key", indexKey, "onair.recordings-page-size", "2",
                "onair.recording-retention-days", "3", "onair.channel-info.parameter", channelInfoParameter));
        s3 = fn.context.getBean(S3Client.class);
    }

    @AfterEach
    void tearDown() {
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()
                .forEach(o -> s3.deleteObject(b -> b.bucket(BUCKET).key(o.key())));
        fn.close();
    }

    /** An IVS Recording End (or End Failure) for a recording that began at {@code start} and lasted {@code seconds}. */
    static String recordingEnd(String id, Instant start, long seconds, boolean failure) {
        ZonedDateTime s = start.atZone(ZoneOffset.UTC);
        String prefix = "ivs/v1/123456789012/AbCdEf/" + s.getYear() + "/" + s.getMonthValue() + "/" + s.getDayOfMonth()
                + "/" + s.getHour() + "/" + s.getMinute() + "/" + id;
        return Fixtures.event("recording-end")
                .replace("71234567-0123-0123-0123-012345678901", UUID.nameUUIDFromBytes((id + failure).getBytes()).toString())
                .replace("2026-01-01T14:00:30Z", start.plusSeconds(seconds).toString())
                .replace("ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs", prefix)
                .replace("\"j8Z9O91ndcVs\"", "\"" + id + "\"")
                .replace("7225000", Long.toString(seconds * 1000))
                .replace("\"Recording End\"", failure ? "\"Recording End Failure\"" : "\"Recording End\"");
    }

    JsonNode list(String query) {
        var r = fn.get("/api/recordings" + query, Map.of());
        assertEquals(200, r.getStatusCode(), () -> body(r));
        assertEquals("", Schema.recordingsViolations(body(r)), body(r));
        assertEquals(EdgeCaching.FRESH, header(r, "Cache-Control"));
        return Schema.tree(body(r));
    }

    List<String> allIds() {
        List<String> ids = new ArrayList<>();
        String query = "";
        for (int page = 0; page < 20; page++) {
            JsonNode body = list(query);
            body.get("recordings").forEach(n -> ids.add(n.get("id").asText()));
            if (body.get("next").isNull()) {
                return ids;
            }
            query = "?cursor=" + body.get("next").asText();
        }
        throw new AssertionError("more than 20 pages");
    }

    void waitTtl() {
        fn.clock().advance(Duration.ofSeconds(11));
    }

    @Test
    void aRecordingEndBecomesAReplayWithSameSitePathsAndTheTitleOfTheTime() {
        assertEquals("{\"recordings\":[],\"next\":null}", body(fn.get("/api/recordings", Map.of())));
        String prefix = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs";
        s3.putObject(b -> b.bucket(BUCKET).key(prefix + "/media/thumbnails/thumb0.jpg"), RequestBody.fromBytes(new byte[] {1}));
        s3.putObject(b -> b.bucket(BUCKET).key(prefix + "/media/thumbnails/thumb12.jpg"), RequestBody.fromBytes(new byte[] {1}));
        // scripts/channel named the channel: the replay keeps the title it had when it ended
        SsmClient ssm = fn.context.getBean(SsmClient.class);
        ssm.putParameter(b -> b.name(channelInfoParameter).type(ParameterType.STRING)
                .overwrite(true).value("{\"title\":\"Friday night build\",\"description\":\"Soldering\"}"));
        fn.clock().advance(Duration.ofHours(2));
        fn.event(Fixtures.event("recording-end"));
        waitTtl();
        JsonNode item = list("").get("recordings").get(0);
        assertEquals("j8Z9O91ndcVs", item.get("id").asText());
        assertEquals("/" + prefix + "/media/hls/master.m3u8", item.get("playlistUrl").asText());
        assertEquals("/" + prefix + "/media/thumbnails/thumb12.jpg", item.get("thumbnailUrl").asText());
        assertEquals("2026-01-01T14:00:30Z", item.get("endedAt").asText());
        assertEquals("2026-01-01T12:00:05Z", item.get("startedAt").asText());
        assertEquals(7225, item.get("durationSeconds").asInt());
        assertEquals("Friday night build", item.get("title").asText());
    }

    @Test
    void aReplayStartsWhenItsRecordingStartedNotAReconnectWindowLater() {
        // IVS sends Recording End only after the reconnect window, and recording_duration_ms counts recorded media:
        // End time minus duration is late by the window. The Recording Start the state kept is the start.
        fn.event(Fixtures.event("stream-start"));
        fn.event(Fixtures.event("recording-start")); // 12:00:05
        fn.clock().advance(Duration.ofHours(2));
        fn.event(Fixtures.event("recording-end").replace("2026-01-01T14:00:30Z", "2026-01-01T14:01:30Z"));
        waitTtl();
        JsonNode item = list("").get("recordings").get(0);
        assertEquals("2026-01-01T12:00:05Z", item.get("startedAt").asText());
        assertEquals("2026-01-01T14:01:30Z", item.get("endedAt").asText());
        assertEquals(7225, item.get("durationSeconds").asInt());
    }

    @Test
    void newestFirstPagedByCursorDuplicatesAndFailuresLeftOut() {
        fn.clock().advance(Duration.ofDays(1));
        Instant day = T0.plus(Duration.ofHours(1));
        List<String> events = List.of(
                recordingEnd("rec1", day, 600, false),
                recordingEnd("rec3", day.plus(Duration.ofHours(3)), 600, false),
                recordingEnd("rec2", day.plus(Duration.ofHours(2)), 600, false),
                recordingEnd("bad4", day.plus(Duration.ofHours(4)), 600, true),
                recordingEnd("rec5", day.plus(Duration.ofHours(5)), 600, false),
                recordingEnd("bad4", day.plus(Duration.ofHours(4)), 600, false), // End after its failure: still failed
                recordingEnd("rec2", day.plus(Duration.ofHours(2)), 600, false)); // duplicate
        events.forEach(fn::event);
        waitTtl();
        assertEquals(List.of("rec5", "rec3", "rec2", "rec1"), allIds());
        JsonNode first = list("");
        assertEquals(2, first.get("recordings").size());
        assertNotNull(first.get("next").textValue());

        // a duplicate writes nothing
        fn.calls().reset();
        fn.event(events.get(0));
        assertEquals(0, fn.calls().count("PutObject"));
    }

    @Test
    void aBadCursorIsAClearUncachedError() {
        for (String bad : List.of("%21%21", "bm90LWEtY3Vyc29y", "AAAA", "x".repeat(200), "")) {
            var r = fn.get("/api/recordings?cursor=" + bad, Map.of());
            assertEquals(400, r.getStatusCode(), bad + ": " + body(r));
            JsonNode err = Schema.tree(body(r));
            assertEquals("bad_cursor", err.get("error").asText(), body(r));
            assertTrue(err.get("message").asText().contains("cursor"), body(r));
            assertEquals("no-store", header(r, "Cache-Control"));
        }
    }

    @Test
    void anExpiredRecordingLeavesTheList() {
        fn.clock().advance(Duration.ofHours(2));
        fn.event(recordingEnd("old1", T0.plus(Duration.ofMinutes(10)), 600, false)); // 2026-01-01 12:10, 3 days
        waitTtl();
        assertEquals(List.of("old1"), allIds());
        // S3 expires it at 2026-01-05T00:00Z (start + 3 days, rounded up to midnight UTC)
        fn.clock().advance(Duration.between(fn.clock().instant(), Instant.parse("2026-01-04T23:59:50Z")));
        assertEquals(List.of("old1"), allIds());
        fn.clock().advance(Duration.ofSeconds(11));
        assertEquals(List.of(), allIds());
    }

    @Test
    void readOncePerTtlAndNeverAtRest() {
        fn.clock().advance(Duration.ofHours(2));
        fn.event(recordingEnd("rec1", T0.plus(Duration.ofMinutes(10)), 600, false));
        fn.calls().reset();
        fn.clock().advance(Duration.ofMinutes(5));
        assertEquals(0, fn.calls().count("GetObject"));
        for (int i = 0; i < 30; i++) {
            list("");
        }
        assertEquals(1, fn.calls().count("GetObject"));
        waitTtl();
        list("");
        assertEquals(2, fn.calls().count("GetObject"));
    }

    @Test
    void anEtagRevalidates() {
        var r = fn.get("/api/recordings", Map.of());
        String etag = header(r, "ETag");
        var again = fn.get("/api/recordings", Map.of("If-None-Match", etag));
        assertEquals(304, again.getStatusCode());
        assertFalse(body(again).contains("recordings"));
    }
}

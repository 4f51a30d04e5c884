package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import onair.local.ivs.media.TimedMetadata;
import com.fasterxml.jackson.databind.ObjectMapper;
import onair.testsupport.MotoServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.StreamState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The media path with real parts: ffmpeg pushes RTMP into the emulator's nginx-rtmp, the emulator transcodes
 * to live HLS, records into a real moto S3 and sends its events to a capture of the service-event endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveIngestTest {

    // long enough that a second ffmpeg connects in time on a loaded machine (it took 7 s under load with 6)
    private static final int RECONNECT_WINDOW = 15;

    @TempDir
    static Path work;

    static MotoServer moto;
    static EventCapture events;
    static IvsEmulator emulator;
    static IvsClient ivs;
    static S3Client s3;
    static CreateChannelResponse channel;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Tools.require("nginx", "ffmpeg", "ffprobe", "moto_server");
        moto = MotoServer.stock(work.resolve("moto.log"));
        events = new EventCapture();
        emulator = Emulators.start(work.resolve("ivs"), moto.endpoint(), events.endpoint());
        ivs = Emulators.ivs(emulator);
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(moto.endpoint())
                .forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        s3.createBucket(b -> b.bucket("recordings"));
        String rc = ivs.createRecordingConfiguration(b -> b.name("rec")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("recordings")))
                .recordingReconnectWindowSeconds(RECONNECT_WINDOW)
                .thumbnailConfiguration(t -> t.recordingMode("INTERVAL").targetIntervalSeconds(2L)
                        .storageWithStrings("SEQUENTIAL", "LATEST"))).recordingConfiguration().arn();
        channel = ivs.createChannel(b -> b.name("onair").recordingConfigurationArn(rc));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ivs != null) {
            ivs.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (events != null) {
            events.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static String rtmp(String key) {
        return emulator.naming().rtmpUrl() + key;
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean live() {
        try {
            return ivs.getStream(b -> b.channelArn(channel.channel().arn())).stream().state() == StreamState.LIVE;
        } catch (ChannelNotBroadcastingException e) {
            return false;
        }
    }

    @Test
    @Order(1)
    void aWrongKeyIsRefused() throws Exception {
        try (Push push = new Push(rtmp("sk_us-east-1_notTheKey"), 5, work.resolve("wrong.log"))) {
            Integer exit = push.waitFor(20);
            assertNotNull(exit, "a push with a wrong key must be cut off, not left running");
            assertNotEquals(0, exit, "ffmpeg must fail when nginx refuses the key");
        }
        assertFalse(live());
        assertTrue(events.entries().isEmpty(), "a refused push emits no events: " + events.entries());
    }

    @Test
    @Order(2)
    void theRightKeyGoesLiveIsServedAsLiveHlsAndIsRecorded() throws Exception {
        String arn = channel.channel().arn();
        events.failNext(1); // the first delivery fails: the event must still arrive (retried)
        String streamId;
        String metadata = "{\"chapter\":\"Q&A \u2713\"}";
        try (Push push = new Push(rtmp(channel.streamKey().value()), 30, work.resolve("push.log"))) {
            Tools.await(Duration.ofSeconds(20), "GetStream LIVE", LiveIngestTest::live);
            var stream = ivs.getStream(b -> b.channelArn(arn)).stream();
            streamId = stream.streamId();
            assertTrue(streamId.matches("st-[A-Za-z0-9]{23}"), streamId);
            assertEquals(channel.channel().playbackUrl(), stream.playbackUrl());
            assertNotNull(stream.startTime());
            assertEquals(1, ivs.listStreams(b -> { }).streams().size());
            // the live answers, judged by botocore's model like the rest of the API (IvsApiModelTest)
            BotocoreIvsModel model = IvsApiModelTest.model();
            for (IvsApiModelTest.Call c : List.of(
                    IvsApiModelTest.call(emulator, "GetStream", "{\"channelArn\":\"" + arn + "\"}"),
                    IvsApiModelTest.call(emulator, "ListStreams", "{}"))) {
                assertEquals(List.of(), model.check(c.operation(), c.status(), c.errorType(), c.body()), c.body().toString());
            }

            // IVS sends Recording Start as it creates the prefix: nothing of the HLS is written yet
            Tools.await(Duration.ofSeconds(30), "Recording Start", () -> events.names(streamId).contains("Recording Start"));
            String startPrefix = events.entries().stream().filter(e -> "Recording Start".equals(e.detail().path("recording_status").asText()))
                    .findFirst().orElseThrow().detail().get("recording_s3_key_prefix").asText();
            List<String> atStart = s3.listObjectsV2Paginator(b -> b.bucket("recordings").prefix(startPrefix + "/")).contents()
                    .stream().map(S3Object::key).toList();
            assertTrue(atStart.stream().noneMatch(k -> k.contains("/media/hls/")),
                    "no playlist or segment before (or at) Recording Start: " + atStart);

            String playback = channel.channel().playbackUrl();
            Tools.await(Duration.ofSeconds(30), "the live multivariant playlist", () -> {
                try {
                    return get(playback).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<byte[]> master = get(playback);
            assertEquals("*", master.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(master.headers().firstValue("Cache-Control").orElse("").contains("no-cache"));
            String masterText = new String(master.body(), StandardCharsets.UTF_8);
            List<String> variants = masterText.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            // a STANDARD channel serves the source rendition (360p30, copied) plus the transcodes below it
            assertEquals(List.of(playlistId(arn) + "/360p30/live.m3u8", playlistId(arn) + "/240p30/live.m3u8",
                    playlistId(arn) + "/160p30/live.m3u8"), variants, masterText);
            // CODECS from the streams themselves: the copied source keeps the broadcaster's H.264 level 3.0
            // (x264 picks 3.0 for 640x360p30), the transcodes are baseline level 3.1; AAC-LC audio in each
            assertTrue(masterText.contains("RESOLUTION=640x360,CODECS=\"avc1.42C01E,mp4a.40.2\""), masterText);
            assertTrue(masterText.contains("RESOLUTION=428x240,CODECS=\"avc1.42C01F,mp4a.40.2\""), masterText);

            URI variant = URI.create(playback).resolve(variants.get(0));
            long first = lastSequence(get(variant.toString()));
            Tools.await(Duration.ofSeconds(15), "the live playlist to advance", () -> {
                try {
                    return lastSequence(get(variant.toString())) > first;
                } catch (Exception e) {
                    return false;
                }
            });
            String window = new String(get(variant.toString()).body(), StandardCharsets.UTF_8);
            List<String> segments = window.lines().filter(l -> l.endsWith(".ts")).toList();
            assertTrue(segments.size() <= 6, "the live window is short like IVS's: " + window);
            assertFalse(window.contains("#EXT-X-ENDLIST"));
            HttpResponse<byte[]> segment = get(variant.resolve(segments.get(segments.size() - 1)).toString());
            assertEquals(200, segment.statusCode());
            assertEquals("video/mp2t", segment.headers().firstValue("Content-Type").orElse(""));
            assertEquals(0x47, segment.body()[0] & 0xff, "an MPEG-TS segment starts with the sync byte");

            // PutMetadata while live: 204 without a body (judged by botocore's model), the ID3 tag in the live segment
            // of that moment, and IVS's 5 requests per second per channel (ThrottlingException, judged too)
            IvsApiModelTest.Call put = IvsApiModelTest.call(emulator, "PutMetadata",
                    "{\"channelArn\":\"" + arn + "\",\"metadata\":" + JSON.writeValueAsString(metadata) + "}");
            assertEquals(List.of(), model.check(put.operation(), put.status(), put.errorType(), put.body()), String.valueOf(put.body()));
            assertEquals(204, put.status());
            byte[] tag = TimedMetadata.id3(metadata);
            Tools.await(Duration.ofSeconds(20), "the ID3 tag in a live segment", () -> {
                try {
                    String w = new String(get(variant.toString()).body(), StandardCharsets.UTF_8);
                    for (String seg : w.lines().filter(l -> l.endsWith(".ts")).toList()) {
                        if (TimedMetadataTest.indexOf(get(variant.resolve(seg).toString()).body(), tag) >= 0) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            List<IvsApiModelTest.Call> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(IvsApiModelTest.call(emulator, "PutMetadata",
                        "{\"channelArn\":\"" + arn + "\",\"metadata\":\"burst " + i + "\"}"));
            }
            IvsApiModelTest.Call throttled = burst.stream().filter(c -> c.status() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("20 PutMetadata calls at once: none throttled"));
            assertEquals("ThrottlingException", throttled.errorType());
            assertEquals(List.of(), model.check(throttled.operation(), throttled.status(), throttled.errorType(), throttled.body()));

            // the recorded playlists appear later than Recording Start, while the stream is still live
            Tools.await(Duration.ofSeconds(25), "the recorded master playlist while live", () -> {
                try {
                    s3.headObject(b -> b.bucket("recordings").key(startPrefix + "/media/hls/master.m3u8"));
                    return true;
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    return false;
                }
            });
            assertTrue(live(), "the recording became readable while live");
            String whileLive = s3.getObjectAsBytes(b -> b.bucket("recordings")
                    .key(startPrefix + "/media/hls/360p30/playlist.m3u8")).asUtf8String();
            assertTrue(whileLive.contains("#EXT-X-PLAYLIST-TYPE:EVENT"), whileLive);
            assertTrue(whileLive.contains("#EXT-X-PROGRAM-DATE-TIME:"), whileLive);
            assertTrue(whileLive.trim().endsWith("#EXT-X-ENDLIST"), "--recording-endlist-while-live defaults to true: " + whileLive);

            Integer exit = push.waitFor(40);
            assertEquals(0, exit, "the accepted push runs to its end");
        }
        Tools.await(Duration.ofSeconds(15), "GetStream to say not broadcasting", () -> !live());
        assertThrows(ChannelNotBroadcastingException.class, () -> ivs.getStream(b -> b.channelArn(arn)));
        assertEquals(404, get(channel.channel().playbackUrl()).statusCode());

        Tools.await(Duration.ofSeconds(40), "Recording End", () -> events.names(streamId).contains("Recording End"));
        assertEquals(List.of("Session Created", "Stream Start", "Recording Start", "Stream End", "Session Ended", "Recording End"),
                events.names(streamId));
        for (EventCapture.Entry e : events.entries()) {
            assertEquals("aws.ivs", e.source());
            assertEquals(List.of(arn), e.resources());
            assertEquals("onair", e.detail().get("channel_name").asText());
        }
        Map<String, EventCapture.Entry> byName = events.entries().stream().collect(Collectors.toMap(
                e -> e.detail().has("event_name") ? e.detail().get("event_name").asText() : e.detail().get("recording_status").asText(),
                e -> e, (a, b) -> a));
        assertEquals("IVS Stream State Change", byName.get("Stream Start").detailType());
        EventCapture.Entry start = byName.get("Recording Start");
        EventCapture.Entry end = byName.get("Recording End");
        assertEquals("IVS Recording State Change", start.detailType());
        String prefix = start.detail().get("recording_s3_key_prefix").asText();
        String channelId = arn.substring(arn.lastIndexOf('/') + 1);
        assertTrue(prefix.matches("ivs/v1/123456789012/" + channelId + "/\\d{4}/\\d{1,2}/\\d{1,2}/\\d{1,2}/\\d{1,2}/[A-Za-z0-9]+"), prefix);
        assertEquals("recordings", start.detail().get("recording_s3_bucket_name").asText());
        assertEquals(0, start.detail().get("recording_duration_ms").asLong());
        assertEquals(prefix, end.detail().get("recording_s3_key_prefix").asText());
        assertEquals(start.detail().get("recording_session_id").asText(), end.detail().get("recording_session_id").asText());
        assertTrue(end.detail().get("recording_duration_ms").asLong() >= 14000, end.detail().toString());
        assertEquals(List.of(streamId), JSON.convertValue(end.detail().get("recording_session_stream_ids"), List.class));
        EventCapture.Entry streamEnd = byName.get("Stream End");
        assertTrue(Duration.between(streamEnd.received(), end.received()).toMillis() >= (RECONNECT_WINDOW - 1) * 1000L,
                "Recording End comes after the reconnect window");
        assertTrue(Math.abs(streamEnd.time() - streamEnd.received().getEpochSecond()) < 5, "event time is the real time");

        checkRecording(prefix);
        // IVS: timed metadata is "available in the recorded video" (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/metadata.html)
        byte[] recordedTag = TimedMetadata.id3(metadata);
        boolean recorded = false;
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("recordings").prefix(prefix + "/media/hls/360p30/")).contents()) {
            if (o.key().endsWith(".ts") && TimedMetadataTest.indexOf(
                    s3.getObjectAsBytes(b -> b.bucket("recordings").key(o.key())).asByteArray(), recordedTag) >= 0) {
                recorded = true;
            }
        }
        assertTrue(recorded, "the PutMetadata tag is in the recorded 360p30 media");
    }

    private static String playlistId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static void checkRecording(String prefix) throws Exception {
        List<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket("recordings").prefix(prefix + "/")).contents()
                .stream().toList();
        Map<String, Long> sizes = objects.stream().collect(Collectors.toMap(o -> o.key().substring(prefix.length() + 1), S3Object::size));
        Set<String> keys = sizes.keySet();
        List<String> renditions = List.of("360p30", "240p30", "160p30");
        // the layout of the record-to-S3 page and botocore's ThumbnailConfiguration.storage
        List<String> expected = new java.util.ArrayList<>(List.of("events/recording-started.json", "events/recording-ended.json",
                "media/hls/master.m3u8", "media/hls/byte-range-multivariant.m3u8",
                "media/latest_thumbnail/thumb.jpg", "media/thumbnails/thumb0.jpg", "media/thumbnails/thumb1.jpg"));
        renditions.forEach(r -> expected.addAll(List.of("media/hls/" + r + "/playlist.m3u8", "media/hls/" + r + "/byte-range-variant.m3u8")));
        for (String e : expected) {
            assertTrue(keys.contains(e), e + " missing from " + keys);
        }
        assertFalse(keys.contains("media/thumbnails/latest/thumb.jpg"), "no such path in IVS's layout");
        assertFalse(keys.contains("events/recording-failed.json"));
        assertEquals("application/vnd.apple.mpegurl", s3.headObject(b -> b.bucket("recordings")
                .key(prefix + "/media/hls/master.m3u8")).contentType());
        assertEquals("image/jpeg", s3.headObject(b -> b.bucket("recordings")
                .key(prefix + "/media/latest_thumbnail/thumb.jpg")).contentType());
        String master = text(prefix + "/media/hls/master.m3u8");
        String rangedMaster = text(prefix + "/media/hls/byte-range-multivariant.m3u8");
        for (String r : renditions) {
            assertTrue(master.contains(r + "/playlist.m3u8"), master);
            assertTrue(rangedMaster.contains(r + "/byte-range-variant.m3u8"), rangedMaster);
            String playlist = text(prefix + "/media/hls/" + r + "/playlist.m3u8");
            assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:EVENT") && playlist.trim().endsWith("#EXT-X-ENDLIST"), playlist);
            List<String> segments = playlist.lines().filter(l -> l.endsWith(".ts")).toList();
            assertTrue(segments.size() >= 3, "a 24 s push records at least 3 files of 6 s: " + playlist);
            assertEquals(segments.size(), playlist.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).count(), playlist);
            List<Double> durations = playlist.lines().filter(l -> l.startsWith("#EXTINF:"))
                    .map(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).toList();
            assertTrue(durations.subList(0, durations.size() - 1).stream().allMatch(d -> d > 5 && d < 7.5),
                    "recorded files are --recording-segment-seconds long (the last may be short): " + durations);
            for (String s : segments) {
                assertTrue(keys.contains("media/hls/" + r + "/" + s), s + " is listed but not uploaded");
            }
            // the byte ranges cover every recorded file exactly
            String ranged = text(prefix + "/media/hls/" + r + "/byte-range-variant.m3u8");
            assertTrue(ranged.contains("#EXT-X-VERSION:4"), ranged);
            Map<String, Long> covered = new java.util.HashMap<>();
            String range = null;
            for (String line : ranged.lines().toList()) {
                if (line.startsWith("#EXT-X-BYTERANGE:")) {
                    range = line.substring(17);
                } else if (line.endsWith(".ts")) {
                    String[] lo = range.split("@");
                    assertEquals(covered.getOrDefault(line, 0L), Long.parseLong(lo[1]), "ranges are contiguous: " + ranged);
                    covered.put(line, Long.parseLong(lo[1]) + Long.parseLong(lo[0]));
                }
            }
            for (String s : segments) {
                assertEquals(sizes.get("media/hls/" + r + "/" + s), covered.get(s), s + ": ranges cover the file");
            }
        }
        JsonNode started = JSON.readTree(text(prefix + "/events/recording-started.json"));
        JsonNode ended = JSON.readTree(text(prefix + "/events/recording-ended.json"));
        assertEquals(List.of(), RecordingMetadataShape.compare("recording-started.json", started, List.of()));
        assertEquals(List.of(), RecordingMetadataShape.compare("recording-ended.json", ended, List.of()));
        assertEquals("RECORDING_ENDED", ended.get("recording_status").asText());
        assertEquals(renditions.size(), ended.at("/media/hls/renditions").size());
        assertEquals("360p30", ended.at("/media/hls/renditions/2/path").asText(), "the source last, as in AWS's sample");
        // thumbnailConfiguration.resolution unset: thumbnails at the source's resolution
        assertEquals(360, ended.at("/media/thumbnails/resolution_height").asInt());
        assertEquals(640, ended.at("/media/thumbnails/resolution_width").asInt());
        assertTrue(ended.at("/media/hls/duration_ms").asLong() > 0);
    }

    private static String text(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("recordings").key(key)).asUtf8String();
    }

    private static long lastSequence(HttpResponse<byte[]> playlist) {
        String text = new String(playlist.body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1)) + text.lines().filter(l -> l.endsWith(".ts")).count() - 1;
    }

    @Test
    @Order(3)
    void rotatingTheKeyLocksOutTheOldOneAndStopStreamEndsAStream() throws Exception {
        String arn = channel.channel().arn();
        String oldKey = channel.streamKey().value();
        ivs.deleteStreamKey(b -> b.arn(channel.streamKey().arn()));
        String newKey = ivs.createStreamKey(b -> b.channelArn(arn)).streamKey().value();

        try (Push old = new Push(rtmp(oldKey), 5, work.resolve("old.log"))) {
            Integer exit = old.waitFor(20);
            assertNotNull(exit);
            assertNotEquals(0, exit, "the rotated-out key must be refused");
        }
        assertFalse(live());
        try (Push push = new Push(rtmp(newKey), 60, work.resolve("new.log"))) {
            Tools.await(Duration.ofSeconds(20), "GetStream LIVE with the new key", LiveIngestTest::live);
            String streamId = ivs.getStream(b -> b.channelArn(arn)).stream().streamId();
            ivs.stopStream(b -> b.channelArn(arn));
            Integer exit = push.waitFor(20);
            assertNotNull(exit, "StopStream must disconnect the broadcaster");
            Tools.await(Duration.ofSeconds(15), "not broadcasting after StopStream", () -> !live());
            Tools.await(Duration.ofSeconds(15), "Stream End after StopStream", () -> events.names(streamId).contains("Stream End"));
        }
    }

    @Test
    @Order(4)
    void aReconnectWithinTheWindowContinuesTheSameRecording() throws Exception {
        String rc = channel.channel().recordingConfigurationArn();
        CreateChannelResponse second = ivs.createChannel(b -> b.name("reconnect").recordingConfigurationArn(rc));
        String arn = second.channel().arn();
        String key = second.streamKey().value();
        String firstStream;
        try (Push push = new Push(rtmp(key), 10, work.resolve("r1.log"))) {
            Tools.await(Duration.ofSeconds(20), "first stream LIVE", () -> streamOf(arn) != null);
            firstStream = streamOf(arn);
            Tools.await(Duration.ofSeconds(30), "first stream recording", () -> events.names(firstStream).contains("Recording Start"));
            assertEquals(0, push.waitFor(40));
        }
        // reconnect at once, well inside the window
        String secondStream;
        try (Push push = new Push(rtmp(key), 8, work.resolve("r2.log"))) {
            Tools.await(Duration.ofSeconds(20), "second stream LIVE", () -> {
                String s = streamOf(arn);
                return s != null && !s.equals(firstStream);
            });
            secondStream = streamOf(arn);
            assertEquals(0, push.waitFor(40));
        }
        Tools.await(Duration.ofSeconds(40), "Recording End of the merged recording",
                () -> events.names(secondStream).contains("Recording End"));
        List<EventCapture.Entry> recordingEvents = events.entries().stream()
                .filter(e -> e.resources().contains(arn) && e.detailType().equals("IVS Recording State Change")).toList();
        assertEquals(List.of("Recording Start", "Recording End"),
                recordingEvents.stream().map(e -> e.detail().get("recording_status").asText()).toList(),
                "one recording for both streams");
        // IVS: every reconnect is a stream of its own (Stream Start / Stream End each), inside one recording
        for (String st : List.of(firstStream, secondStream)) {
            List<String> names = events.names(st);
            assertEquals(1, names.stream().filter("Stream Start"::equals).count(), st + ": " + names);
            assertEquals(1, names.stream().filter("Stream End"::equals).count(), st + ": " + names);
        }
        JsonNode end = recordingEvents.get(1).detail();
        assertEquals(List.of(firstStream, secondStream), JSON.convertValue(end.get("recording_session_stream_ids"), List.class));
        String prefix = end.get("recording_s3_key_prefix").asText();
        String playlist = text(prefix + "/media/hls/240p30/playlist.m3u8");
        assertTrue(playlist.contains("#EXT-X-DISCONTINUITY"), playlist);
        assertTrue(playlist.trim().endsWith("#EXT-X-ENDLIST"), playlist);
    }

    @Test
    @Order(5)
    void aBucketThatIsNotThereIsARecordingStartFailureWithAnEmptyPrefix() throws Exception {
        String rc = ivs.createRecordingConfiguration(b -> b.name("nobucket")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("no-such-recordings")))).recordingConfiguration().arn();
        CreateChannelResponse ch = ivs.createChannel(b -> b.name("nobucket").recordingConfigurationArn(rc));
        String arn = ch.channel().arn();
        String streamId;
        try (Push push = new Push(rtmp(ch.streamKey().value()), 8, work.resolve("nobucket.log"))) {
            Tools.await(Duration.ofSeconds(20), "LIVE without a bucket", () -> streamOf(arn) != null);
            streamId = streamOf(arn);
            Tools.await(Duration.ofSeconds(30), "Recording Start Failure", () -> events.names(streamId).contains("Recording Start Failure"));
            assertEquals(0, push.waitFor(40), "the stream itself is not affected");
        }
        Tools.await(Duration.ofSeconds(20), "Stream End", () -> events.names(streamId).contains("Session Ended"));
        Thread.sleep(RECONNECT_WINDOW * 1000L + 2000);
        // EventBridge page, "Recording Start Failure": recording_s3_key_prefix "", reason, duration 0; no other recording event
        assertEquals(List.of("Session Created", "Stream Start", "Recording Start Failure", "Stream End", "Session Ended"),
                events.names(streamId));
        JsonNode d = events.entries().stream().filter(e -> e.detail().path("recording_status").asText().equals("Recording Start Failure"))
                .findFirst().orElseThrow().detail();
        assertEquals("", d.get("recording_s3_key_prefix").asText());
        assertEquals("ValidationException", d.get("recording_status_reason").asText());
        assertEquals("no-such-recordings", d.get("recording_s3_bucket_name").asText());
        assertEquals(0, d.get("recording_duration_ms").asLong());
    }

    /**
     * GetStream's viewerCount counts views the way IVS does: distinct clients fetching the live playlist recently
     * (botocore IVS model, Stream.viewerCount; see ViewerCount).
     */
    @Test
    @Order(6)
    void viewerCountCountsDistinctClientsOfTheLivePlaylist() throws Exception {
        String rc = channel.channel().recordingConfigurationArn();
        CreateChannelResponse c = ivs.createChannel(b -> b.name("viewers").recordingConfigurationArn(rc));
        String arn = c.channel().arn();
        String playback = c.channel().playbackUrl();
        try (Push push = new Push(rtmp(c.streamKey().value()), 30, work.resolve("viewers.log"))) {
            Tools.await(Duration.ofSeconds(30), "the live multivariant playlist", () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(playback)).header("User-Agent", "probe")
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && streamOf(arn) != null;
                } catch (Exception e) {
                    return false;
                }
            });
            long before = viewers(arn); // the probe above (HEAD counts as a fetch)
            assertEquals(1, before, "the probe is one view");
            String master = new String(fetchAs(playback, "player-a").body(), StandardCharsets.UTF_8);
            assertEquals(2, viewers(arn), "a player fetching the live playlist is a view");
            String variant = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
            assertEquals(200, fetchAs(URI.create(playback).resolve(variant).toString(), "player-a").statusCode());
            assertEquals(2, viewers(arn), "the same client reloading is still one view");
            fetchAs(playback, "player-b");
            assertEquals(3, viewers(arn), "another client is another view");
            push.close();
        }
        Tools.await(Duration.ofSeconds(30), "stream ended", () -> streamOf(arn) == null);
    }

    private static HttpResponse<byte[]> fetchAs(String url, String userAgent) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long viewers(String arn) {
        return ivs.getStream(b -> b.channelArn(arn)).stream().viewerCount();
    }

    private static String streamOf(String arn) {
        try {
            return ivs.getStream(b -> b.channelArn(arn)).stream().streamId();
        } catch (ChannelNotBroadcastingException e) {
            return null;
        }
    }
}

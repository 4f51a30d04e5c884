package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import onair.local.ivs.events.EventSink;
import onair.local.ivs.events.IvsEvent;
import onair.local.ivs.media.ObjectStore;
import onair.local.ivs.media.Recorder;
import onair.local.ivs.media.Recording;
import onair.local.ivs.media.RecordingTiming;
import onair.local.ivs.media.Rendition;
import onair.local.ivs.media.Transcoder;
import onair.local.ivs.state.Channel;
import onair.local.ivs.state.RecordingConfiguration;

/**
 * The recorder with a real ffmpeg transcode of a real FLV file, writing into an in-memory bucket that can refuse
 * writes: what is in the bucket at the moment each event is sent (IVS: Recording Start before any object), and a
 * recording whose end cannot be written ends as IVS's Recording End Failure with recording-failed.json.
 */
class RecordingOrderAndFailureTest {

    @TempDir
    static Path work;
    static Path flv;

    /** A bucket in memory; writes whose key matches refuse are refused like an S3 error. */
    static final class MemoryBucket implements ObjectStore {
        final Map<String, byte[]> objects = Collections.synchronizedMap(new TreeMap<>());
        volatile Predicate<String> refuse = k -> false;

        @Override
        public void put(String bucket, String key, Path file, String contentType) {
            try {
                put(bucket, key, Files.readAllBytes(file), contentType);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void put(String bucket, String key, byte[] body, String contentType) {
            if (refuse.test(key)) {
                throw new IllegalStateException("refused: " + key);
            }
            objects.put(key, body);
        }

        @Override
        public boolean bucketExists(String bucket) {
            return bucket.equals("recordings");
        }

        Set<String> keys() {
            synchronized (objects) {
                return Set.copyOf(objects.keySet());
            }
        }
    }

    /** Each event with the bucket's keys at the moment it was sent. */
    record Sent(IvsEvent event, Set<String> keysThen) {
    }

    @BeforeAll
    static void source() throws Exception {
        Tools.require("ffmpeg", "ffprobe");
        flv = work.resolve("push.flv");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "9", "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", flv.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made the test source");
    }

    private static Recording recording(String name, MemoryBucket bucket, List<Sent> sent, Path dir) throws Exception {
        Channel channel = new Channel("AbCdEfGhIjKl", "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEfGhIjKl", name,
                "LOW", "STANDARD", "", "arn:aws:ivs:us-east-1:123456789012:recording-configuration/Rc1", false, false, "",
                "TS", "x", Map.of());
        RecordingConfiguration config = new RecordingConfiguration("Rc1", channel.recordingConfigurationArn(), "rec",
                "recordings", 0, "ALL", List.of(), "INTERVAL", 2, "", List.of("SEQUENTIAL", "LATEST"), Map.of());
        EventSink sink = e -> sent.add(new Sent(e, bucket.keys()));
        return new Recording(channel, config, new RecordingTiming(Duration.ZERO, Duration.ofSeconds(1), 4, true),
                "123456789012", Instant.now(), bucket, sink, new ObjectMapper(), Instant::now);
    }

    private static Transcoder transcode(Path dir) throws Exception {
        Transcoder t = new Transcoder("ffmpeg", Rendition.parseList("160p30"), dir, flv.toString(),
                new Transcoder.ThumbnailSpec(2, ""));
        t.start();
        Tools.await(Duration.ofSeconds(60), "ffmpeg to transcode the file", () -> !t.running());
        return t;
    }

    private static List<String> statuses(List<Sent> sent) {
        return sent.stream().map(s -> String.valueOf(s.event().detail().get("recording_status"))).toList();
    }

    @Test
    void recordingStartIsSentBeforeAnyObjectAndTheEndAfterTheLastOne() throws Exception {
        MemoryBucket bucket = new MemoryBucket();
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        Recording r = recording("order", bucket, sent, work);
        Transcoder t = transcode(work.resolve("a"));
        try (Recorder recorder = new Recorder(200)) {
            recorder.attach(r, t, "st-AbCdEfGhIjKlMnOpQrStUvW");
            Tools.await(Duration.ofSeconds(20), "the recorded master", () -> bucket.keys().stream().anyMatch(k -> k.endsWith("/media/hls/master.m3u8")));
            recorder.detach(r, t);
            recorder.finish(r);
        }
        assertEquals(List.of("Recording Start", "Recording End"), statuses(sent));
        assertEquals(Set.of(), sent.get(0).keysThen(), "nothing is in the bucket when Recording Start is sent");
        Set<String> atEnd = sent.get(1).keysThen();
        assertTrue(atEnd.stream().anyMatch(k -> k.endsWith("/events/recording-ended.json")), atEnd.toString());
        assertTrue(atEnd.stream().anyMatch(k -> k.endsWith("/media/hls/360p30/byte-range-variant.m3u8")), atEnd.toString());
        assertTrue(atEnd.stream().anyMatch(k -> k.endsWith("/media/latest_thumbnail/thumb.jpg")), atEnd.toString());
    }

    @Test
    void anEndThatCannotBeWrittenIsARecordingEndFailureWithRecordingFailedJson() throws Exception {
        MemoryBucket bucket = new MemoryBucket();
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        Recording r = recording("fails", bucket, sent, work);
        Transcoder t = transcode(work.resolve("b"));
        try (Recorder recorder = new Recorder(200)) {
            recorder.attach(r, t, "st-AbCdEfGhIjKlMnOpQrStUvW");
            Tools.await(Duration.ofSeconds(20), "the recorded master", () -> bucket.keys().stream().anyMatch(k -> k.endsWith("/media/hls/master.m3u8")));
            recorder.detach(r, t);
            // from now on the playlists cannot be written: the end fails (the recorder tries 5 times)
            bucket.refuse = k -> k.endsWith(".m3u8");
            recorder.finish(r);
        }
        assertEquals(List.of("Recording Start", "Recording End Failure"), statuses(sent));
        Map<String, Object> detail = sent.get(1).event().detail();
        assertEquals("InternalServerException", detail.get("recording_status_reason"));
        assertEquals(r.prefix(), detail.get("recording_s3_key_prefix"));
        assertFalse(bucket.keys().contains(r.prefix() + "/events/recording-ended.json"));
        JsonNode failed = new ObjectMapper().readTree(bucket.objects.get(r.prefix() + "/events/recording-failed.json"));
        assertEquals(List.of(), RecordingMetadataShape.compare("recording-failed.json", failed, List.of()), failed.toString());
        assertEquals("RECORDING_ENDED_WITH_FAILURE", failed.get("recording_status").asText());
        assertEquals("InternalServerException", failed.get("recording_status_message").asText());
    }
}

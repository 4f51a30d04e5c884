package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import onair.local.ivs.media.TimedMetadata;

/**
 * PutMetadata's ID3 in a real ffmpeg MPEG-TS segment, read back by ffprobe/ffmpeg (which check the PMT's CRC and
 * the PES): the metadata stream is declared (timed_id3), its one packet carries exactly the ID3 tag, at the PTS of
 * the cue's moment within the segment; a cue outside the segment's span is not in it.
 */
class TimedMetadataTest {

    @TempDir
    static Path dir;
    static byte[] segment;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void makeSegment() throws Exception {
        Tools.require("ffmpeg", "ffprobe");
        Path ts = dir.resolve("seg.ts");
        run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi",
                "-i", "sine=frequency=440", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "60",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", ts.toString());
        segment = Files.readAllBytes(ts);
    }

    @Test
    void aCueIsAnId3StreamPacketAtItsMomentReadableByFfmpeg() throws Exception {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        TimedMetadata m = new TimedMetadata();
        String text = "{\"type\":\"chapter\",\"title\":\"Q&A — ünïcode\"}";
        m.add(now, text, Map.of("360p30", "seg7.ts", "160p30", "seg7.ts"));
        m.add(now.plusSeconds(2), "the next segment", Map.of("360p30", "seg8.ts"));
        m.add(now.minusSeconds(2), "the one before", Map.of("360p30", "seg6.ts"));
        Path out = dir.resolve("with-id3.ts");
        Files.write(out, m.inject(segment, "360p30", "seg7.ts"));

        JsonNode streams = JSON.readTree(run("ffprobe", "-v", "error", "-show_streams", "-of", "json", out.toString()));
        List<String> codecs = new ArrayList<>();
        streams.get("streams").forEach(s -> codecs.add(s.path("codec_name").asText()));
        assertTrue(codecs.contains("timed_id3"), "the PMT declares the ID3 stream: " + codecs);

        JsonNode packets = JSON.readTree(run("ffprobe", "-v", "error", "-select_streams", "d", "-show_packets",
                "-of", "json", out.toString())).get("packets");
        assertEquals(1, packets.size(), "one cue in this segment's span: " + packets);
        JsonNode video = JSON.readTree(run("ffprobe", "-v", "error", "-select_streams", "v", "-show_packets",
                "-read_intervals", "%+#1", "-of", "json", out.toString())).get("packets").get(0);
        long dataPts = packets.get(0).get("pts").asLong();
        // at the segment's start (at most one frame off: its first PES may be audio or video)
        long expected = video.get("pts").asLong();
        assertTrue(Math.abs(dataPts - expected) <= 3000, "PTS " + dataPts + " vs the segment's first video PTS " + expected);

        Path data = dir.resolve("id3.bin");
        run("ffmpeg", "-v", "error", "-y", "-i", out.toString(), "-map", "0:d", "-c", "copy", "-f", "data", data.toString());
        // ffmpeg 5.1 reads a stream_type 0x15 PES payload as ISO/IEC 13818-1 metadata AU cells and drops the first
        // 5 bytes as the cell header (it does so to its own muxer's output too); Apple's HLS timed metadata spec and
        // hls.js (tsdemuxer parseID3PES) carry the ID3 tag itself as the payload, which is what is written here
        byte[] tag = TimedMetadata.id3(text);
        assertArrayEquals(java.util.Arrays.copyOfRange(tag, 5, tag.length), Files.readAllBytes(data));
        assertTrue(indexOf(segmentOf(out), tag) > 0, "the whole ID3 tag is in the segment");

        // the audio and video are untouched and still decode
        run("ffmpeg", "-v", "error", "-i", out.toString(), "-f", "null", "-");
    }

    @Test
    void withoutCuesOnlyThePmtChangesAndTheSameBytesComeBackEveryTime() {
        TimedMetadata m = new TimedMetadata();
        m.add(Instant.parse("2026-12-02T10:00:00Z"), "elsewhere", Map.of("360p30", "seg9.ts"));
        byte[] once = m.inject(segment, "360p30", "seg7.ts");
        assertEquals(segment.length, once.length);
        assertArrayEquals(once, m.inject(segment, "360p30", "seg7.ts"));
        assertEquals(segment.length, m.inject(segment, "160p30", "seg9.ts").length, "another rendition's segment 9");
    }

    private static byte[] segmentOf(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + err);
        return new String(out, StandardCharsets.UTF_8);
    }
}

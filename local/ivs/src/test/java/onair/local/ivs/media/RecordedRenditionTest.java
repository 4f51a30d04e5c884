package onair.local.ivs.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded playlists from live parts: grouping into longer files, byte ranges, ENDLIST switch, PDT. */
class RecordedRenditionTest {

    @TempDir
    Path dir;

    private RecordedRendition.Part part(int n, double duration, boolean cut) throws Exception {
        Path f = dir.resolve("seg" + n + ".ts");
        Files.write(f, new byte[100 + n]);
        return new RecordedRendition.Part(f, duration, "2026-12-01T20:00:" + String.format("%02d", n * 2) + ".000Z", cut);
    }

    private static void commitAll(RecordedRendition r, boolean all) throws Exception {
        var g = r.next(10, all);
        while (g.isPresent()) {
            r.committed(g.get(), r.nextUri());
            g = r.next(10, all);
        }
    }

    @Test
    void partsBecomeTenSecondFilesAndByteRanges() throws Exception {
        RecordedRendition r = new RecordedRendition();
        for (int i = 0; i < 7; i++) {
            r.add(part(i, 2.0, false));
        }
        commitAll(r, false);
        assertEquals(1, r.segments().size(), "five 2 s parts make one 10 s file; two wait for more");
        assertTrue(r.hasPending());
        RecordedRendition.Segment s = r.segments().get(0);
        assertEquals(10.0, s.duration(), 1e-9);
        assertEquals(5, s.ranges().size());
        assertEquals(100 + 101 + 102 + 103 + 104, s.ranges().stream().mapToLong(RecordedRendition.Range::length).sum());
        assertEquals(100 + 101, s.ranges().get(2).offset());

        String playlist = r.playlist(false, 10);
        assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"), playlist);
        assertTrue(playlist.contains("#EXT-X-TARGETDURATION:10\n"), playlist);
        assertTrue(playlist.contains("#EXT-X-PROGRAM-DATE-TIME:2026-12-01T20:00:00.000Z\n#EXTINF:10.000,\n0.ts\n"), playlist);
        assertTrue(playlist.contains("#EXT-X-TWITCH-TOTAL-SECS:10.000\n"), playlist);
        assertFalse(playlist.contains("ENDLIST"), "the switch off: no ENDLIST while live");
        assertTrue(r.playlist(true, 10).endsWith("#EXT-X-ENDLIST\n"), "the switch on, or the end: ENDLIST");

        String ranged = r.byteRangePlaylist(false, 10);
        assertTrue(ranged.contains("#EXT-X-VERSION:4\n"), "EXT-X-BYTERANGE needs version 4: " + ranged);
        assertTrue(ranged.contains("#EXT-X-TARGETDURATION:2\n"), ranged);
        assertTrue(ranged.contains("#EXTINF:2.000,\n#EXT-X-BYTERANGE:102@201\n0.ts\n"), ranged);
        assertEquals(5, ranged.lines().filter(l -> l.equals("0.ts")).count());

        commitAll(r, true);
        assertEquals(2, r.segments().size(), "at the end the short tail is a file too");
        assertEquals(14000, r.durationMillis());
    }

    @Test
    void aReconnectStartsANewFileAfterADiscontinuity() throws Exception {
        RecordedRendition r = new RecordedRendition();
        r.add(part(0, 2.0, false));
        r.add(part(1, 2.0, false));
        r.add(part(2, 2.0, true));
        commitAll(r, true);
        assertEquals(2, r.segments().size());
        assertEquals(List.of(4.0, 2.0), r.segments().stream().map(RecordedRendition.Segment::duration).toList());
        String playlist = r.playlist(true, 10);
        assertTrue(playlist.contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-01T20:00:04.000Z\n#EXTINF:2.000,\n1.ts"), playlist);
    }

    @Test
    void ffmpegProgramDateTimesBecomeRfc3339Utc() {
        assertEquals("2026-11-22T00:13:04.335Z", RecordedRendition.normalizeProgramDateTime("2026-11-22T00:13:04.335+0000"));
        assertEquals("2026-11-22T00:13:04.000Z", RecordedRendition.normalizeProgramDateTime("2026-11-22T01:13:04.000+0100"));
    }

    @Test
    void joinedPartsAreTheirBytesInOrder() throws Exception {
        RecordedRendition r = new RecordedRendition();
        r.add(part(0, 2.0, false));
        r.add(part(1, 2.0, false));
        var g = r.next(10, true).orElseThrow();
        byte[] expected = new byte[100 + 101];
        assertArrayEquals(expected, g.bytes());
    }
}

package onair.local.ivs.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HlsPlaylistTest {

    private static final List<String> FFMPEG = List.of(
            "#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0",
            "#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-INDEPENDENT-SEGMENTS",
            "#EXTINF:2.000000,", "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T00:13:04.335+0000", "seg0.ts",
            "#EXTINF:2.000000,", "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T00:13:06.335+0000", "seg1.ts",
            "#EXTINF:1.500000,", "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T00:13:08.335+0000", "seg2.ts",
            "#EXT-X-ENDLIST");

    @Test
    void parsesWhatFfmpegWrites() {
        HlsPlaylist p = HlsPlaylist.parse(FFMPEG);
        assertEquals(2, p.targetDuration());
        assertEquals(3, p.segments().size());
        assertTrue(p.ended());
        HlsPlaylist.Segment last = p.segments().get(2);
        assertEquals(2, last.sequence());
        assertEquals("seg2.ts", last.uri());
        assertEquals(1.5, last.duration());
        assertTrue(last.tags().contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-22T00:13:08.335+0000"));
    }

    @Test
    void liveWindowStartsAtTheRightMediaSequenceAndNeverEnds() {
        HlsPlaylist p = HlsPlaylist.parse(FFMPEG);
        String live = HlsPlaylist.render(2, p.segments().subList(1, 3), true, false);
        assertTrue(live.contains("#EXT-X-MEDIA-SEQUENCE:1\n"), live);
        assertFalse(live.contains("ENDLIST"));
        assertFalse(live.contains("PLAYLIST-TYPE"), "a sliding window is not an EVENT playlist");
        assertEquals(List.of("seg1.ts", "seg2.ts"), live.lines().filter(l -> l.endsWith(".ts")).toList());
    }

    @Test
    void recordedPlaylistIsAnEventPlaylistClosedOnlyAtTheEnd() {
        HlsPlaylist p = HlsPlaylist.parse(FFMPEG);
        String open = HlsPlaylist.render(2, p.segments(), false, false);
        String closed = HlsPlaylist.render(2, p.segments(), false, true);
        assertTrue(open.contains("#EXT-X-PLAYLIST-TYPE:EVENT"));
        assertFalse(open.contains("#EXT-X-ENDLIST"));
        assertTrue(closed.endsWith("#EXT-X-ENDLIST\n"));
        assertTrue(closed.contains("#EXTINF:1.500,"), closed);
    }

    @Test
    void multivariantListsEveryRenditionWithCodecs() {
        List<Rendition> r = Rendition.parseList("480p30,160p30");
        String text = HlsPlaylist.multivariant(List.of(
                new HlsPlaylist.Variant(Rendition.source(1280, 720, 29.97), 2_500_000, "avc1.4D401F,mp4a.40.2", "720p30/playlist.m3u8"),
                new HlsPlaylist.Variant(r.get(0), 900_000, "avc1.42C01F,mp4a.40.2", "480p30/playlist.m3u8")));
        assertTrue(text.contains("BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS=\"avc1.4D401F,mp4a.40.2\",FRAME-RATE=30.000\n720p30/playlist.m3u8\n"), text);
        assertTrue(text.contains("RESOLUTION=854x480"), text);
        assertTrue(text.contains("480p30/playlist.m3u8"));
    }

    @Test
    void theSourceRenditionIsNamedLikeIvsAndNoneMeansSourceOnly() {
        assertEquals("720p60", Rendition.source(1280, 720, 59.94).name());
        assertTrue(Rendition.source(1280, 720, 30).source());
        assertEquals(List.of(), Rendition.parseList("none"));
    }

    @Test
    void renditionNamesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Rendition.parseList("480"));
        assertThrows(IllegalArgumentException.class, () -> Rendition.parseList("481p30"));
        assertThrows(IllegalArgumentException.class, () -> Rendition.parseList("480p99"));
    }
}

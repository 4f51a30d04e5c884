package onair.local.ivs.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Facts read from the media itself, so the playlists describe the stream that is really there. */
final class StreamFacts {

    private static final int HEAD = 64 * 1024;

    private StreamFacts() {
    }

    /**
     * avc1.PPCCLL (RFC 6381) from the first H.264 sequence parameter set in an MPEG-TS segment: profile_idc,
     * the constraint-flags byte and level_idc follow the SPS NAL header (ITU-T H.264 7.3.2.1.1). The SPS opens
     * the first keyframe's access unit, within the first transport packets, so the first 64 KB suffice.
     */
    static String avcCodec(Path segment) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(segment)) {
            b = in.readNBytes(HEAD);
        }
        for (int i = 0; i + 6 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x9f) == 0x07) {
                int profile = b[i + 4] & 0xff;
                int flags = b[i + 5] & 0xff;
                int level = b[i + 6] & 0xff;
                if (List.of(66, 77, 88, 100, 110, 122, 244).contains(profile) && level >= 9 && level <= 62) {
                    return String.format(Locale.ROOT, "avc1.%02X%02X%02X", profile, flags, level);
                }
            }
        }
        return null;
    }

    /** Peak bits per second over the given segments of a playlist (their real file sizes); fallback if none. */
    static long peakBandwidth(Path playlist, List<HlsPlaylist.Segment> segments, long fallback) throws IOException {
        long peak = 0;
        for (HlsPlaylist.Segment s : segments) {
            Path f = playlist.resolveSibling(s.uri());
            if (s.duration() > 0.1 && Files.isRegularFile(f)) {
                peak = Math.max(peak, Math.round(Files.size(f) * 8 / s.duration()));
            }
        }
        return peak > 0 ? peak : fallback;
    }
}

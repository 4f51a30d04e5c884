package onair.local.ivs.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A media playlist as ffmpeg writes it (EVENT type, every segment kept), reduced to what the live window
 * and the recording need: each segment's sequence number, file name, duration and the tags that go with it
 * (EXTINF, PROGRAM-DATE-TIME, DISCONTINUITY).
 */
public record HlsPlaylist(int targetDuration, long mediaSequence, List<Segment> segments, boolean ended) {

    /** One segment: its absolute media sequence number, URI and the tag lines written before the URI. */
    public record Segment(long sequence, String uri, double duration, List<String> tags) {
    }

    public static HlsPlaylist read(Path file) throws IOException {
        try {
            return parse(Files.readAllLines(file));
        } catch (NoSuchFileException e) {
            return new HlsPlaylist(2, 0, List.of(), false);
        }
    }

    public static HlsPlaylist parse(List<String> lines) {
        int target = 2;
        long firstSequence = 0;
        boolean ended = false;
        List<Segment> segments = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        double duration = -1;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                firstSequence = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (line.startsWith("#EXTINF:")) {
                String v = line.substring(8);
                int comma = v.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
                pending.add(line);
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME") || line.equals("#EXT-X-DISCONTINUITY")) {
                pending.add(line);
            } else if (!line.startsWith("#")) {
                if (duration >= 0) {
                    segments.add(new Segment(firstSequence + segments.size(), line, duration, List.copyOf(pending)));
                }
                pending.clear();
                duration = -1;
            }
        }
        return new HlsPlaylist(target, firstSequence, List.copyOf(segments), ended);
    }

    /**
     * Renders a playlist of the given segments. live=true gives a sliding window (no playlist type);
     * otherwise an EVENT playlist, closed with ENDLIST when ended.
     */
    public static String render(int targetDuration, List<Segment> segments, boolean live, boolean ended) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        sb.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? 0 : segments.get(0).sequence()).append('\n');
        if (!live) {
            sb.append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        }
        sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Segment s : segments) {
            boolean wroteExtinf = false;
            for (String tag : s.tags()) {
                if (tag.startsWith("#EXTINF:")) {
                    sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.duration()));
                    wroteExtinf = true;
                } else {
                    sb.append(tag).append('\n');
                }
            }
            if (!wroteExtinf) {
                sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.duration()));
            }
            sb.append(s.uri()).append('\n');
        }
        if (ended) {
            sb.append("#EXT-X-ENDLIST\n");
        }
        return sb.toString();
    }

    /** One variant of a multivariant playlist: its rendition, peak bandwidth, RFC 6381 codecs and URI. */
    public record Variant(Rendition rendition, long bandwidth, String codecs, String uri) {
    }

    /**
     * Multivariant playlist: one EXT-X-STREAM-INF per variant with BANDWIDTH, RESOLUTION, CODECS (video and,
     * when there is audio, audio: e.g. avc1.4D401F,mp4a.40.2) and FRAME-RATE, as IVS's masters carry them.
     */
    public static String multivariant(List<Variant> variants) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant v : variants) {
            Rendition r = v.rendition();
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth())
                    .append(",RESOLUTION=").append(r.width()).append('x').append(r.height())
                    .append(",CODECS=\"").append(v.codecs()).append('"')
                    .append(",FRAME-RATE=").append(r.fps()).append(".000\n")
                    .append(v.uri()).append('\n');
        }
        return sb.toString();
    }
}

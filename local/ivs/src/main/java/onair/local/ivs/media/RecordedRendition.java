package onair.local.ivs.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The recording of one rendition as IVS writes it: the live 2 s parts joined into longer media files (the
 * record-to-S3 page speaks of "the standard 10-second media file size"), listed in playlist.m3u8, and every
 * part as a byte range of those files in byte-range-variant.m3u8 ("in a byte-range playlist ... the segment
 * duration is the same as the keyframe interval configured for the stream"; HLS version 4 for EXT-X-BYTERANGE).
 * Both are EVENT playlists with EXT-X-PROGRAM-DATE-TIME per entry, and EXT-X-TWITCH-TOTAL-SECS, the total
 * recorded seconds that AWS's DVR demo reads from IVS's recorded playlists
 * (aws-samples/amazon-ivs-dvr-web-demo, cdk/lambdas/getLatestRecordingStartMeta.ts).
 * MPEG-TS parts of one muxer concatenate byte for byte into one valid TS file.
 */
final class RecordedRendition {

    /** A live part waiting to be recorded: its file, length, wall-clock start and whether a new stream starts here. */
    record Part(Path file, double duration, String programDateTime, boolean discontinuity, TimedMetadata metadata) {

        Part(Path file, double duration, String programDateTime, boolean discontinuity) {
            this(file, duration, programDateTime, discontinuity, null);
        }
    }

    /** A part inside a recorded file. */
    record Range(double duration, long offset, long length, String programDateTime) {
    }

    /** A recorded media file. */
    record Segment(String uri, double duration, String programDateTime, boolean discontinuity, List<Range> ranges) {
    }

    /** The next file to upload: its parts and their bytes joined. */
    record Group(List<Part> parts, byte[] bytes, List<Range> ranges) {
        double duration() {
            return parts.stream().mapToDouble(Part::duration).sum();
        }
    }

    private static final DateTimeFormatter FFMPEG_PDT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private final List<Part> pending = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();

    void add(Part part) {
        pending.add(part);
    }

    List<Segment> segments() {
        return List.copyOf(segments);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * The next file from the oldest pending parts: full once it holds segmentSeconds (less a quarter second of
     * slack for parts that end a little early), cut short before a reconnect; the tail only when all is true.
     */
    Optional<Group> next(double segmentSeconds, boolean all) throws IOException {
        List<Part> parts = new ArrayList<>();
        double sum = 0;
        boolean complete = false;
        for (Part p : pending) {
            if (!parts.isEmpty() && p.discontinuity()) {
                complete = true;
                break;
            }
            parts.add(p);
            sum += p.duration();
            if (sum >= segmentSeconds - 0.25) {
                complete = true;
                break;
            }
        }
        if (parts.isEmpty() || (!complete && !all)) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Range> ranges = new ArrayList<>();
        for (Part p : parts) {
            byte[] b = Files.readAllBytes(p.file());
            if (p.metadata() != null) {
                // IVS: timed metadata is "available in the recorded video" (the live segment's ID3, see TimedMetadata)
                b = p.metadata().inject(b, p.file().getParent().getFileName().toString(), p.file().getFileName().toString());
            }
            ranges.add(new Range(p.duration(), out.size(), b.length, p.programDateTime()));
            out.write(b);
        }
        return Optional.of(new Group(List.copyOf(parts), out.toByteArray(), List.copyOf(ranges)));
    }

    /** The group's file is in the bucket under uri: it joins the playlists. */
    void committed(Group g, String uri) {
        pending.subList(0, g.parts().size()).clear();
        Part first = g.parts().get(0);
        segments.add(new Segment(uri, g.duration(), first.programDateTime(), first.discontinuity(), g.ranges()));
    }

    String nextUri() {
        return segments.size() + ".ts";
    }

    long durationMillis() {
        return Math.round(segments.stream().mapToDouble(Segment::duration).sum() * 1000);
    }

    String playlist(boolean endlist, int segmentSeconds) {
        double max = segments.stream().mapToDouble(Segment::duration).max().orElse(segmentSeconds);
        StringBuilder sb = header(3, max);
        for (Segment s : segments) {
            if (s.discontinuity()) {
                sb.append("#EXT-X-DISCONTINUITY\n");
            }
            pdt(sb, s.programDateTime());
            sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.duration())).append(s.uri()).append('\n');
        }
        return end(sb, endlist);
    }

    String byteRangePlaylist(boolean endlist, int segmentSeconds) {
        double max = segments.stream().flatMap(s -> s.ranges().stream()).mapToDouble(Range::duration).max()
                .orElse(Transcoder.SEGMENT_SECONDS);
        StringBuilder sb = header(4, max);
        for (Segment s : segments) {
            boolean first = true;
            for (Range r : s.ranges()) {
                if (first && s.discontinuity()) {
                    sb.append("#EXT-X-DISCONTINUITY\n");
                }
                first = false;
                pdt(sb, r.programDateTime());
                sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", r.duration()))
                        .append("#EXT-X-BYTERANGE:").append(r.length()).append('@').append(r.offset()).append('\n')
                        .append(s.uri()).append('\n');
            }
        }
        return end(sb, endlist);
    }

    private StringBuilder header(int version, double maxDuration) {
        double total = segments.stream().mapToDouble(Segment::duration).sum();
        return new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n')
                // HLS: every EXTINF rounded to the nearest integer is at most the target duration
                .append("#EXT-X-TARGETDURATION:").append(Math.max(1, Math.round(Math.ceil(maxDuration - 0.001)))).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:0\n")
                .append("#EXT-X-PLAYLIST-TYPE:EVENT\n")
                .append(String.format(Locale.ROOT, "#EXT-X-TWITCH-TOTAL-SECS:%.3f%n", total));
    }

    private static void pdt(StringBuilder sb, String programDateTime) {
        if (programDateTime != null) {
            sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(programDateTime).append('\n');
        }
    }

    private static String end(StringBuilder sb, boolean endlist) {
        if (endlist) {
            sb.append("#EXT-X-ENDLIST\n");
        }
        return sb.toString();
    }

    /** ffmpeg writes 2026-11-22T00:13:04.335+0000; playlists get RFC 3339 UTC with milliseconds. */
    static String normalizeProgramDateTime(String ffmpegValue) {
        if (ffmpegValue == null) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(ffmpegValue, FFMPEG_PDT).toInstant();
            return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS).plusNanos(0))
                    .replaceFirst("(\\d{2}:\\d{2}:\\d{2})Z$", "$1.000Z");
        } catch (DateTimeParseException e) {
            return ffmpegValue;
        }
    }
}

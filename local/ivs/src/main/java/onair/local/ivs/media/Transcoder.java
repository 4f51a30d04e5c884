package onair.local.ivs.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One ffmpeg per live stream: reads the stream back from nginx-rtmp and writes every rendition as HLS
 * (2 s segments, EVENT playlists so nothing is deleted under the recorder's feet) plus periodic thumbnails.
 * Like an IVS STANDARD channel it serves the source rendition (here passed through with -c:v copy: no
 * re-encode, cheap on a small machine) plus the transcoded ladder below the source's height
 * (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/channel-types.html: a STANDARD channel fed
 * 720p gives the source plus 480p, 360p and 160p).
 */
public final class Transcoder {

    private static final Logger LOG = Logger.getLogger(Transcoder.class.getName());
    /** Live segment length and the transcodes' keyframe interval (IVS recommends a 2 s keyframe interval). */
    public static final int SEGMENT_SECONDS = 2;
    /** AAC-LC is what the transcoder encodes (ffmpeg's aac default profile): RFC 6381 mp4a.40.2. */
    static final String AAC_LC = "mp4a.40.2";

    private final String ffmpeg;
    private final List<Rendition> ladder;
    private final Path dir;
    private final String source;
    private final ThumbnailSpec thumbnails;
    private final Map<String, String> codecs = new ConcurrentHashMap<>();
    private volatile List<Rendition> renditions = List.of();
    private volatile Rendition sourceRendition;
    private volatile int thumbnailWidth;
    private volatile int thumbnailHeight;
    private volatile boolean audio;
    private volatile Process process;
    private boolean stopped;

    /** Thumbnails as the recording configuration asks: every intervalSeconds at the given resolution ("" = source). */
    public record ThumbnailSpec(long intervalSeconds, String resolution) {
    }

    /**
     * @param ladder the transcodes wanted; those at or above the source's height are left out (no upscaling)
     * @param thumbnails null: no thumbnails (recordingMode DISABLED, or no recording)
     */
    public Transcoder(String ffmpeg, List<Rendition> ladder, Path dir, String source, ThumbnailSpec thumbnails) {
        this.ffmpeg = ffmpeg;
        this.ladder = ladder;
        this.dir = dir;
        this.source = source;
        this.thumbnails = thumbnails;
    }

    private final TimedMetadata metadata = new TimedMetadata();

    public Path dir() {
        return dir;
    }

    /** PutMetadata of this stream: put into its segments as they are read (live playback, recording). */
    public TimedMetadata metadata() {
        return metadata;
    }

    /** Timed metadata at this moment of the stream: the segment each rendition is writing now (TimedMetadata). */
    public void putMetadata(java.time.Instant at, String text) {
        java.util.Map<String, String> writing = new java.util.HashMap<>();
        for (Rendition r : renditions) {
            long next = 0;
            try {
                List<HlsPlaylist.Segment> done = HlsPlaylist.read(playlist(r)).segments();
                if (!done.isEmpty()) {
                    next = done.get(done.size() - 1).sequence() + 1;
                }
            } catch (IOException | RuntimeException e) {
                next = 0; // no playlist yet: the first segment
            }
            writing.put(r.name(), "seg" + next + ".ts");
        }
        metadata.add(at, text, writing);
    }

    public boolean audio() {
        return audio;
    }

    /** Every rendition served, the source first; empty until start() has probed the stream. */
    public List<Rendition> renditions() {
        return renditions;
    }

    public Path playlist(Rendition r) {
        return dir.resolve(r.name()).resolve("playlist.m3u8");
    }

    public Path thumbnails() {
        return dir.resolve("thumbs");
    }

    public boolean thumbnailsEnabled() {
        return thumbnails != null;
    }

    public int thumbnailWidth() {
        return thumbnailWidth;
    }

    public int thumbnailHeight() {
        return thumbnailHeight;
    }

    /** Probes the stream (video size and rate, audio or not), then starts ffmpeg. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Probe probe = probe();
        audio = probe.audio();
        List<Rendition> all = new ArrayList<>();
        if (probe.width() > 0 && probe.height() > 0) {
            sourceRendition = Rendition.source(probe.width(), probe.height(), probe.fps());
            all.add(sourceRendition);
            ladder.stream().filter(r -> r.height() < probe.height()).forEach(all::add);
        } else {
            // the source could not be probed: serve the configured transcodes only (and say so)
            LOG.warning("ffprobe found no video size on " + source + "; serving the transcodes only, no source rendition");
            all.addAll(ladder);
        }
        chooseThumbnailSize(all);
        Files.createDirectories(thumbnails());
        for (Rendition r : all) {
            Files.createDirectories(dir.resolve(r.name()));
        }
        renditions = List.copyOf(all);
        List<String> cmd = command();
        synchronized (this) {
            if (stopped) {
                return; // the stream ended while we probed it: nothing to transcode
            }
            LOG.info(() -> "transcoder: " + String.join(" ", cmd));
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                    .start();
        }
    }

    /**
     * IVS: "Thumbnails are recorded at the selected resolution if the corresponding rendition is available during
     * the stream; otherwise, they are recorded at source resolution" (botocore ThumbnailConfiguration.resolution);
     * LOWEST_RESOLUTION 160-360, SD 361-480, HD 481-720, FULL_HD 721-1080 (record-to-S3 page, Thumbnails).
     */
    private void chooseThumbnailSize(List<Rendition> all) {
        if (all.isEmpty()) {
            return;
        }
        Rendition pick = all.get(0);
        String wanted = thumbnails == null ? "" : thumbnails.resolution();
        int lo = switch (wanted) {
            case "LOWEST_RESOLUTION" -> 160;
            case "SD" -> 361;
            case "HD" -> 481;
            case "FULL_HD" -> 721;
            default -> -1;
        };
        int hi = switch (wanted) {
            case "LOWEST_RESOLUTION" -> 360;
            case "SD" -> 480;
            case "HD" -> 720;
            case "FULL_HD" -> 1080;
            default -> -1;
        };
        if (lo > 0) {
            pick = all.stream().filter(r -> r.height() >= lo && r.height() <= hi)
                    .min(Comparator.comparingInt(Rendition::height)).orElse(pick);
        }
        thumbnailWidth = pick.width();
        thumbnailHeight = pick.height();
    }

    record Probe(boolean audio, int width, int height, double fps) {
    }

    private Probe probe() throws IOException, InterruptedException {
        String ffprobe = ffmpeg.endsWith("ffmpeg") ? ffmpeg.substring(0, ffmpeg.length() - 6) + "ffprobe" : "ffprobe";
        Process p = new ProcessBuilder(ffprobe, "-v", "error", "-rw_timeout", "8000000",
                // short, so little of the stream's start is lost; when no keyframe came in that time the size and
                // rate come from the publisher's metadata that nginx-rtmp relays (displayWidth, displayHeight, fps)
                "-analyzeduration", "1500000", "-probesize", "1000000",
                "-show_entries", "stream=codec_type,width,height,avg_frame_rate,r_frame_rate:format_tags",
                "-of", "json", source)
                .redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            LOG.warning("ffprobe timed out on " + source);
            return new Probe(false, 0, 0, 30);
        }
        Probe probe = parseProbe(out);
        if (probe.width() == 0) {
            LOG.warning("ffprobe on " + source + " (exit " + p.exitValue() + ") answered: "
                    + new String(out, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " "));
        }
        return probe;
    }

    static Probe parseProbe(byte[] output) {
        // ffprobe's error lines (stderr, merged) come before the JSON
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        int brace = text.indexOf('{');
        byte[] json = (brace < 0 ? "{}" : text.substring(brace)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean audio = false;
        int w = 0;
        int h = 0;
        double fps = 30;
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            for (JsonNode s : root.path("streams")) {
                String type = s.path("codec_type").asText();
                if (type.equals("audio")) {
                    audio = true;
                } else if (type.equals("video") && w == 0) {
                    w = s.path("width").asInt();
                    h = s.path("height").asInt();
                    double rate = rate(s.path("avg_frame_rate").asText());
                    fps = rate > 0 ? rate : rate(s.path("r_frame_rate").asText()) > 0 ? rate(s.path("r_frame_rate").asText()) : 30;
                }
            }
            JsonNode tags = root.path("format").path("tags");
            if (w == 0 && tags.path("displayWidth").asInt() > 0 && tags.path("displayHeight").asInt() > 0) {
                w = tags.path("displayWidth").asInt();
                h = tags.path("displayHeight").asInt();
                fps = tags.path("fps").asDouble() > 0 ? tags.path("fps").asDouble() : fps;
            }
        } catch (IOException e) {
            LOG.warning("ffprobe answered no JSON: " + e.getMessage());
        }
        return new Probe(audio, w, h, Math.min(60, fps));
    }

    private static double rate(String fraction) {
        String[] p = fraction.split("/");
        try {
            double n = Double.parseDouble(p[0]);
            double d = p.length > 1 ? Double.parseDouble(p[1]) : 1;
            return d == 0 ? 0 : n / d;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    List<String> command() {
        List<Rendition> list = renditions;
        List<Rendition> transcodes = list.stream().filter(r -> !r.source()).toList();
        int outputs = transcodes.size() + (thumbnails != null ? 1 : 0);
        StringBuilder filter = new StringBuilder();
        if (outputs > 0) {
            filter.append("[0:v]split=").append(outputs);
            for (int i = 0; i < outputs; i++) {
                filter.append("[s").append(i).append(']');
            }
            for (int i = 0; i < transcodes.size(); i++) {
                Rendition r = transcodes.get(i);
                filter.append(String.format(Locale.ROOT, ";[s%d]fps=%d,scale=%d:%d,setsar=1[t%d]", i, r.fps(), r.width(), r.height(), i));
            }
            if (thumbnails != null) {
                filter.append(String.format(Locale.ROOT, ";[s%d]fps=1/%d,scale=%d:%d[thumb]", transcodes.size(),
                        thumbnails.intervalSeconds(), thumbnailWidth, thumbnailHeight));
            }
        }
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-rw_timeout", "15000000", "-i", source));
        if (outputs > 0) {
            cmd.addAll(List.of("-filter_complex", filter.toString()));
        }
        StringBuilder streamMap = new StringBuilder();
        int t = 0;
        for (int i = 0; i < list.size(); i++) {
            Rendition r = list.get(i);
            if (r.source()) {
                cmd.addAll(List.of("-map", "0:v:0", "-c:v:" + i, "copy"));
            } else {
                // encoder options per output stream, so none of them touches the copied source
                cmd.addAll(List.of("-map", "[t" + t++ + "]", "-c:v:" + i, "libx264",
                        "-preset:v:" + i, "ultrafast", "-tune:v:" + i, "zerolatency",
                        "-profile:v:" + i, "baseline", "-level:v:" + i, "3.1", "-pix_fmt:v:" + i, "yuv420p",
                        "-sc_threshold:v:" + i, "0",
                        "-force_key_frames:v:" + i, "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")",
                        "-b:v:" + i, r.videoKbps() + "k", "-maxrate:v:" + i, r.videoKbps() + "k",
                        "-bufsize:v:" + i, (r.videoKbps() * 2) + "k",
                        "-g:v:" + i, Integer.toString(r.fps() * SEGMENT_SECONDS),
                        "-keyint_min:v:" + i, Integer.toString(r.fps() * SEGMENT_SECONDS)));
            }
            streamMap.append(i == 0 ? "" : " ").append("v:").append(i);
            if (audio) {
                cmd.addAll(List.of("-map", "0:a:0"));
                streamMap.append(",a:").append(i);
            }
            streamMap.append(",name:").append(r.name());
        }
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-ac", "2", "-ar", "48000"));
        }
        cmd.addAll(List.of("-f", "hls", "-hls_time", Integer.toString(SEGMENT_SECONDS), "-hls_list_size", "0",
                "-hls_playlist_type", "event",
                "-hls_flags", "independent_segments+program_date_time+temp_file",
                "-hls_segment_filename", dir.resolve("%v").resolve("seg%d.ts").toString(),
                "-var_stream_map", streamMap.toString(),
                dir.resolve("%v").resolve("playlist.m3u8").toString()));
        if (thumbnails != null) {
            cmd.addAll(List.of("-map", "[thumb]", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2",
                    thumbnails().resolve("thumb%d.jpg").toString()));
        }
        return cmd;
    }

    /**
     * The RFC 6381 CODECS of a rendition, read from its first segment (the H.264 SPS gives profile, constraint
     * flags and level), e.g. avc1.42C01F,mp4a.40.2; null until a segment exists.
     */
    public String codecs(Rendition r) {
        String known = codecs.get(r.name());
        if (known != null) {
            return known;
        }
        try {
            HlsPlaylist p = HlsPlaylist.read(playlist(r));
            if (p.segments().isEmpty()) {
                return null;
            }
            String avc = StreamFacts.avcCodec(playlist(r).resolveSibling(p.segments().get(0).uri()));
            if (avc == null) {
                return null;
            }
            String value = audio ? avc + "," + AAC_LC : avc;
            codecs.put(r.name(), value);
            return value;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Peak bits per second over the rendition's last segments (HLS BANDWIDTH), from the real files. */
    public long bandwidth(Rendition r) {
        try {
            HlsPlaylist p = HlsPlaylist.read(playlist(r));
            List<HlsPlaylist.Segment> s = p.segments();
            return StreamFacts.peakBandwidth(playlist(r), s.subList(Math.max(0, s.size() - 6), s.size()),
                    (r.videoKbps() + (audio ? 96 : 0)) * 1000L);
        } catch (IOException | RuntimeException e) {
            return (r.videoKbps() + (audio ? 96 : 0)) * 1000L;
        }
    }

    public boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Ends ffmpeg after its publisher left. nginx keeps idle play sessions open, so ffmpeg would wait for
     * more input; SIGTERM makes it flush the last segment and close its playlists cleanly.
     */
    public void stop(long graceMillis) {
        Process p;
        synchronized (this) {
            stopped = true;
            p = process;
        }
        if (p == null) {
            return;
        }
        try {
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

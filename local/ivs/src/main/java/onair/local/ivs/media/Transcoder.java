package onair.local.ivs.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One ffmpeg per live stream: reads the stream back from nginx-rtmp and writes every rendition as HLS
 * (2 s segments, aligned keyframes, EVENT playlists so nothing is deleted under the recorder's feet)
 * plus periodic thumbnails. IVS transcodes STANDARD channels the same way: one input, an ABR ladder.
 */
public final class Transcoder {

    private static final Logger LOG = Logger.getLogger(Transcoder.class.getName());
    public static final int SEGMENT_SECONDS = 2;

    private final String ffmpeg;
    private final List<Rendition> renditions;
    private final Path dir;
    private final String source;
    private final long thumbnailIntervalSeconds;
    private volatile boolean audio;
    private volatile Process process;
    private boolean stopped;

    public Transcoder(String ffmpeg, List<Rendition> renditions, Path dir, String source, long thumbnailIntervalSeconds) {
        this.ffmpeg = ffmpeg;
        this.renditions = renditions;
        this.dir = dir;
        this.source = source;
        this.thumbnailIntervalSeconds = thumbnailIntervalSeconds;
    }

    public Path dir() {
        return dir;
    }

    public boolean audio() {
        return audio;
    }

    public List<Rendition> renditions() {
        return renditions;
    }

    public Path playlist(Rendition r) {
        return dir.resolve(r.name()).resolve("playlist.m3u8");
    }

    public Path thumbnails() {
        return dir.resolve("thumbs");
    }

    /** Probes the stream for audio (OBS sends it, a bare test pattern may not), then starts ffmpeg. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(thumbnails());
        for (Rendition r : renditions) {
            Files.createDirectories(dir.resolve(r.name()));
        }
        audio = probeAudio();
        List<String> cmd = command();
        synchronized (this) {
            if (stopped) {
                return; // the stream ended while we probed it: nothing to transcode
            }
            LOG.info(() -> "transcoder: " + String.join(" ", cmd));
            process = startProcess(cmd);
        }
    }

    private Process startProcess(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                .start();
    }

    private boolean probeAudio() throws IOException, InterruptedException {
        String ffprobe = ffmpeg.endsWith("ffmpeg") ? ffmpeg.substring(0, ffmpeg.length() - 6) + "ffprobe" : "ffprobe";
        Process p = new ProcessBuilder(ffprobe, "-v", "error", "-rw_timeout", "8000000",
                "-analyzeduration", "1500000", "-probesize", "1000000",
                "-show_entries", "stream=codec_type", "-of", "csv=p=0", source)
                .redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            LOG.warning("ffprobe timed out on " + source + "; assuming video only");
            return false;
        }
        String out = new String(p.getInputStream().readAllBytes());
        return out.lines().anyMatch(l -> l.trim().equals("audio"));
    }

    List<String> command() {
        int n = renditions.size();
        StringBuilder filter = new StringBuilder("[0:v]split=").append(n + 1);
        for (int i = 0; i <= n; i++) {
            filter.append("[s").append(i).append(']');
        }
        filter.append(';');
        for (int i = 0; i < n; i++) {
            Rendition r = renditions.get(i);
            filter.append(String.format(Locale.ROOT, "[s%d]fps=%d,scale=%d:%d,setsar=1[v%d];", i, r.fps(), r.width(), r.height(), i));
        }
        filter.append(String.format(Locale.ROOT, "[s%d]fps=1/%d,scale=-2:%d[thumb]", n, thumbnailIntervalSeconds,
                Math.min(360, renditions.get(0).height())));

        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-rw_timeout", "15000000", "-i", source, "-filter_complex", filter.toString()));
        StringBuilder streamMap = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Rendition r = renditions.get(i);
            cmd.addAll(List.of("-map", "[v" + i + "]"));
            cmd.addAll(List.of("-b:v:" + i, r.videoKbps() + "k", "-maxrate:v:" + i, r.videoKbps() + "k",
                    "-bufsize:v:" + i, (r.videoKbps() * 2) + "k",
                    "-g:v:" + i, Integer.toString(r.fps() * SEGMENT_SECONDS),
                    "-keyint_min:v:" + i, Integer.toString(r.fps() * SEGMENT_SECONDS)));
            streamMap.append(i == 0 ? "" : " ").append("v:").append(i);
            if (audio) {
                cmd.addAll(List.of("-map", "0:a:0"));
                streamMap.append(",a:").append(i);
            }
            streamMap.append(",name:").append(r.name());
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                "-profile:v", "baseline", "-level", "3.1", "-pix_fmt", "yuv420p", "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")"));
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-ac", "2", "-ar", "48000"));
        }
        cmd.addAll(List.of("-f", "hls", "-hls_time", Integer.toString(SEGMENT_SECONDS), "-hls_list_size", "0",
                "-hls_playlist_type", "event",
                "-hls_flags", "independent_segments+program_date_time+temp_file",
                "-hls_segment_filename", dir.resolve("%v").resolve("seg%d.ts").toString(),
                "-var_stream_map", streamMap.toString(),
                dir.resolve("%v").resolve("playlist.m3u8").toString()));
        cmd.addAll(List.of("-map", "[thumb]", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2",
                thumbnails().resolve("thumb%d.jpg").toString()));
        return cmd;
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

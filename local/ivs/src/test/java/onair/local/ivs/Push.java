package onair.local.ivs;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An OBS-like RTMP push: an ffmpeg test pattern with a tone, small and cheap (640x360, 2 s keyframe interval). */
final class Push implements AutoCloseable {

    private final Process process;

    Push(String rtmpUrl, int seconds, Path log) throws Exception {
        process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", rtmpUrl)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The exit code, or null when still running after the timeout. */
    Integer waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

package onair.local.ivs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real moto_server on a free loopback port, stopped by the test. */
final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;

    MotoServer(Path logDir) throws Exception {
        port = Tools.freePort();
        process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("moto.log").toFile())
                .start();
        Tools.waitForPort(port, Duration.ofSeconds(60));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}

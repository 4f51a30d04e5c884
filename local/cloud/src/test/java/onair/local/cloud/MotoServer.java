package onair.local.cloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A real moto_server on a free loopback port for one test class; stopped by {@link #close()}. */
final class MotoServer implements AutoCloseable {
    private final Process process;
    final int port;

    MotoServer(Path log) throws IOException, InterruptedException {
        this(log, false);
    }

    /**
     * {@code platformLauncher}: start it as the local platform does, through local/moto/moto_local.py (moto plus
     * the documented fixes, e.g. event source mappings that keep their alias ARN).
     */
    MotoServer(Path log, boolean platformLauncher) throws IOException, InterruptedException {
        port = freePort();
        java.util.List<String> command = platformLauncher
                ? java.util.List.of("python3", Path.of("..", "moto", "moto_local.py").toAbsolutePath().normalize().toString())
                : java.util.List.of("moto_server");
        java.util.List<String> args = new java.util.ArrayList<>(command);
        args.addAll(java.util.List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited; see " + log);
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not open port " + port + " within 60 s");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

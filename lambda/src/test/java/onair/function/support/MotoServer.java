package onair.function.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real SSM endpoint: moto_server on a free loopback port, as a child process owned by the test.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * moto_server through the local platform's launcher (local/moto/moto_local.py), which adds what AWS enforces and
     * moto does not (SSM's 4,096-character Standard value limit): the function is tested against that, not stock moto.
     */
    public static MotoServer start() {
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder("python3", launcher().toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer moto = new MotoServer(p, port, log);
            moto.awaitPort();
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server (is it installed? scripts/setup installs it)", e);
        }
    }

    /** local/moto/moto_local.py, found from the module directory Maven runs the tests in (or any parent). */
    static Path launcher() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("local/moto/moto_local.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("local/moto/moto_local.py not found above " + Path.of("").toAbsolutePath());
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("moto_server did not open 127.0.0.1:" + port + " within 60 s");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public boolean running() {
        return process.isAlive();
    }

    @Override
    public void close() {
        // moto_server may be a pyenv shim that runs python as a child: stop the whole tree, not just the shim
        process.descendants().forEach(ProcessHandle::destroy);
        process.descendants().forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
            p.destroyForcibly();
            return p;
        }).join());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        new File(log.toString()).delete();
    }
}

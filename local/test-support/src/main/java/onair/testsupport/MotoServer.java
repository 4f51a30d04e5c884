package onair.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real moto_server on a free loopback port, a child process owned by the test; {@link #close()} stops it and its
 * children. The one launcher of every module's tests.
 */
public final class MotoServer implements AutoCloseable {

    /** A loaded machine: python's imports alone can take a minute. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path log;
    private final boolean deleteLog;

    private MotoServer(List<String> command, Path log, boolean deleteLog) {
        this.port = Ports.freePort();
        this.log = log;
        this.deleteLog = deleteLog;
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0)
                    + " (is moto installed? scripts/setup installs it)", e);
        }
        awaitPort();
    }

    /** Stock {@code moto_server}; its output goes to {@code log}. */
    public static MotoServer stock(Path log) {
        return new MotoServer(List.of("moto_server"), log, false);
    }

    /**
     * moto_server as the local platform starts it: through local/moto/moto_local.py, which adds what AWS enforces
     * and moto does not (documented there, e.g. SSM's 4,096-character Standard value limit, event source mappings
     * that keep their alias ARN). Its output goes to {@code log}.
     */
    public static MotoServer platform(Path log) {
        return new MotoServer(List.of("python3", launcher().toString()), log, false);
    }

    /** {@link #platform(Path)} with a temporary log, deleted by {@link #close()}. */
    public static MotoServer platform() {
        try {
            return new MotoServer(List.of("python3", launcher().toString()), Files.createTempFile("moto-", ".log"),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private void awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited: " + Files.readString(log));
                }
                if (Ports.open(port)) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("moto_server did not open 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s (see " + log + ")");
    }

    /**
     * moto loads a service's backend on its first request, which takes seconds on a loaded machine (longer than an
     * SDK's timeout in a test). One unsigned JSON 1.1 call ({@code X-Amz-Target}; moto does not check signatures)
     * pays that once, with a generous timeout. Best effort: a failure only means the first real call pays it.
     */
    public MotoServer warm(String signingName, String target) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint().resolve("/"))
                    .timeout(START_TIMEOUT)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", target)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/" + signingName
                            + "/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // best effort (see above)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    public URI endpoint() {
        return URI.create(url());
    }

    /** {@link #endpoint()} as a string, e.g. for an {@code AWS_ENDPOINT_URL_*} variable. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return process.isAlive();
    }

    @Override
    public void close() {
        // moto_server may be a pyenv shim that runs python as a child: stop the whole tree, not just the shim
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            for (ProcessHandle p : children) {
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                }).join();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (deleteLog) {
            log.toFile().delete();
        }
    }
}

package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test helpers: required tools (missing = a clear failure, never a silent skip), free ports, polling. */
final class Tools {

    private Tools() {
    }

    static void require(String... binaries) {
        for (String b : binaries) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, b))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                fail("'" + b + "' is not on PATH: the IVS emulator tests need nginx (with libnginx-mod-rtmp), ffmpeg, "
                        + "moto_server and terraform. Run scripts/setup.");
            }
        }
        if (!Files.isRegularFile(Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so"))) {
            fail("the nginx RTMP module is missing (/usr/lib/nginx/modules/ngx_rtmp_module.so); run scripts/setup");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }

    static void waitForPort(int port, Duration timeout) throws InterruptedException {
        await(timeout, "127.0.0.1:" + port + " to accept connections", () -> {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}

package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import onair.testsupport.Await;
import onair.testsupport.Ports;

/**
 * Test helpers: required tools (missing = a clear failure, never a silent skip); free ports and polling come from
 * the shared local/test-support.
 */
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
        return Ports.freePort();
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(timeout, what, condition);
    }

    static void waitForPort(int port, Duration timeout) throws InterruptedException {
        Ports.awaitPort(port, timeout);
    }
}

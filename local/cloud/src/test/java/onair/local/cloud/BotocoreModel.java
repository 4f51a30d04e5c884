package onair.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import onair.local.cloud.aws.Json;

/**
 * A botocore service model (installed with the aws CLI, next to moto): AWS's own machine-readable description of
 * an API's shapes and errors, an independent reference for what the emulator answers.
 */
final class BotocoreModel {
    private BotocoreModel() {
    }

    static JsonNode load(String service, String version) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))")
                .redirectErrorStream(true).start();
        String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("botocore not found: " + dir);
        }
        Path model = Path.of(dir, "data", service, version, "service-2.json.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(model))) {
            return Json.parse(in.readAllBytes());
        }
    }
}

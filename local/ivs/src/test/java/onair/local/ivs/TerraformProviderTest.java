package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import onair.testsupport.MotoServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ivs.IvsClient;

/**
 * The unchanged hashicorp/aws provider (offline mirror) applies, re-plans without drift and destroys the IVS
 * resources OnAir uses against the emulator: proof that the API shapes are what the provider reads.
 */
class TerraformProviderTest {

    @TempDir
    Path work;

    @Test
    void applyPlanWithoutDriftAndDestroy() throws Exception {
        Tools.require("nginx", "ffmpeg", "moto_server", "terraform");
        Path common = Path.of("").toAbsolutePath().resolve("../../scripts/lib/common.sh").normalize();
        assertTrue(Files.isRegularFile(common), "scripts/lib/common.sh not found at " + common);
        Path tf = work.resolve("tf");
        Files.createDirectories(tf);
        try (InputStream in = getClass().getResourceAsStream("/terraform/main.tf")) {
            Files.copy(in, tf.resolve("main.tf"));
        }
        try (MotoServer moto = MotoServer.stock(work.resolve("moto.log"));
                IvsEmulator emulator = Emulators.start(work.resolve("ivs"), moto.endpoint(), null);
                IvsClient ivs = Emulators.ivs(emulator)) {
            Files.writeString(tf.resolve("terraform.tfvars"), "ivs_endpoint = \"" + emulator.apiUrl() + "\"\n"
                    + "moto_endpoint = \"" + moto.endpoint() + "\"\n");
            String script = String.join("\n",
                    "set -euo pipefail",
                    "source \"$1\"",
                    "use_offline_terraform",
                    "terraform init -input=false -no-color >/dev/null",
                    "terraform apply -auto-approve -input=false -no-color",
                    "terraform output -json > outputs.json",
                    // exit code 0 = no changes: every attribute the provider reads back matches what it wrote
                    "terraform plan -detailed-exitcode -input=false -no-color",
                    "terraform destroy -auto-approve -input=false -no-color");
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, "terraform-check", common.toString())
                    .directory(tf.toFile());
            // keep the terraformrc out of the repository's .local (the local platform owns that)
            pb.environment().put("ONAIR_STATE_DIR", work.resolve("state").toString());
            Process p = pb
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("terraform.log").toFile())
                    .start();
            boolean done = p.waitFor(8, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            String log = Files.readString(work.resolve("terraform.log"));
            assertTrue(done && p.exitValue() == 0, "terraform apply/plan/destroy failed:\n" + log);

            JsonNode out = new ObjectMapper().readTree(tf.resolve("outputs.json").toFile());
            String arn = out.at("/channel_arn/value").asText();
            assertTrue(arn.startsWith("arn:aws:ivs:us-east-1:123456789012:channel/"), arn);
            assertEquals("127.0.0.1", out.at("/ingest_endpoint/value").asText());
            assertEquals("sk_us-east-1_", out.at("/stream_key_prefix/value").asText());
            assertTrue(out.at("/playback_url/value").asText().startsWith("http://127.0.0.1:" + emulator.naming().playbackPort()));
            assertEquals(List.of(), ivs.listChannels(b -> { }).channels(), "destroy removed the channel");
            assertEquals(List.of(), ivs.listRecordingConfigurations(b -> { }).recordingConfigurations());
        }
    }
}

package onair.function;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.FakeRuntimeApi;
import onair.function.support.Fixtures;
import onair.function.support.JavaRuntime;
import onair.function.support.JvmZip;
import onair.function.support.Schema;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The java variant as the managed java21 runtime runs it: the packaged zip unpacked as LAMBDA_TASK_ROOT, AWS's
 * runtime interface client ({@link JavaRuntime}) loading the handler classes named like the Terraform
 * {@code handler} setting, events served by a Runtime API on loopback, SSM = moto. One process serves several
 * invocations, as a warm execution environment does.
 */
class JavaRuntimeIT {

    static MotoServer moto;
    static Path task;
    final String parameter = "/onair/java-it/" + UUID.randomUUID();

    @BeforeAll
    static void setUp() throws Exception {
        moto = AwsEndpoints.startMoto();
        task = JvmZip.unpack(JvmZip.zip());
    }

    @AfterAll
    static void tearDown() throws Exception {
        moto.close();
        JvmZip.deleteTree(task);
    }

    Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL_SSM", moto.url(), "AWS_ENDPOINT_URL_IVS", moto.url(),
                "AWS_ENDPOINT_URL_S3", moto.url(), "ONAIR_S3_FORCE_PATH_STYLE", "true",
                "ONAIR_STATE_PARAMETER", parameter,
                "ONAIR_CHANNEL_ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf",
                "ONAIR_RECORDINGS_BUCKET", "onair-recordings",
                "ONAIR_PLAYBACK_URL", "https://example.invalid/live.m3u8",
                "ONAIR_RECONCILE_INTERVAL_SECONDS", "3600");
    }

    /** Runs one handler process for all {@code events}, in order; returns the answers. */
    List<FakeRuntimeApi.Answer> invoke(String handler, String... events) throws Exception {
        Path log = Files.createTempFile("java-runtime", ".log");
        try (FakeRuntimeApi api = new FakeRuntimeApi()) {
            Process p = JavaRuntime.start(task, handler, api.address(), env(), log);
            try {
                var answers = new java.util.ArrayList<FakeRuntimeApi.Answer>();
                for (String event : events) {
                    String id = api.enqueue(event);
                    FakeRuntimeApi.Answer a = api.await(90);
                    assertEquals(id, a.requestId(), () -> readLog(log));
                    assertFalse(a.error(), () -> a.body() + "\n" + readLog(log));
                    answers.add(a);
                }
                return answers;
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log)";
        }
    }

    @Test
    void eventsHandlerClassAppliesAnEventAndDropsMalformedJson() throws Exception {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String start = Fixtures.event("stream-start").replace("2026-01-01T12:00:00Z", now);
        List<FakeRuntimeApi.Answer> a = invoke(JavaRuntime.EVENTS, start, "{not json", "[1,2]");
        assertTrue(a.get(0).body().contains("\"applied\""), a.get(0).body());
        // malformed payloads reach our parser (a stream handler: no deserialiser of the runtime in between)
        assertFalse(a.get(1).body().contains("\"applied\""), a.get(1).body());
        assertFalse(a.get(2).body().contains("\"applied\""), a.get(2).body());
        try (SsmClient ssm = SsmClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.url())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(() -> AwsBasicCredentials.create("testing", "testing")).build()) {
            JsonNode doc = Schema.tree(ssm.getParameter(b -> b.name(parameter)).parameter().value());
            assertEquals("live", doc.get("status").asText());
        }
    }

    @Test
    void statusHandlerClassAnswersFunctionUrlEventsThroughTheRuntimeClient() throws Exception {
        String get = Fixtures.resource("/function-url-get.json");
        List<FakeRuntimeApi.Answer> a = invoke(JavaRuntime.STATUS, get, get);
        JsonNode first = Schema.tree(a.get(0).body());
        assertEquals(200, first.get("statusCode").asInt(), a.get(0).body());
        String body = first.get("body").asText();
        if (first.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        assertEquals("", Schema.violations(body), body);
        assertEquals("idle", Schema.tree(body).get("status").asText());
        String etag = first.get("headers").get("ETag").asText();
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), a.get(0).body());
        assertEquals(a.get(0).body(), a.get(1).body(), "the same state gives the same answer");
    }
}

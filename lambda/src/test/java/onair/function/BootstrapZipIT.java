package onair.function;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.FakeRuntimeApi;
import onair.function.support.Fixtures;
import onair.function.support.JvmZip;
import onair.function.support.Schema;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged JVM zip as Lambda runs it: unpacked, {@code bootstrap} started as a process with {@code _HANDLER}
 * and {@code AWS_LAMBDA_RUNTIME_API}, one event served by a local Runtime API, the posted answer checked.
 */
class BootstrapZipIT {

    static MotoServer moto;
    static Path task;
    final String parameter = "/onair/it/" + UUID.randomUUID();

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

    /** What Lambda runs is the product: development tools (LocalServer, test support) stay out of the zip. */
    @Test
    void theZipCarriesNoDevelopmentTools() throws Exception {
        List<String> classes = new ArrayList<>();
        try (var jars = Files.list(task.resolve("lib"))) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith("onair-function")).toList()) {
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    zip.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
                }
            }
        }
        assertTrue(classes.contains("onair/function/handler/StatusHandler.class"), "the function's own jar was found");
        assertEquals(List.of(), classes.stream()
                .filter(n -> n.contains("LocalServer") || n.startsWith("onair/function/support/")).toList());
    }

    Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL_SSM", moto.url(), "AWS_ENDPOINT_URL_IVS", moto.url(),
                "ONAIR_STATE_PARAMETER", parameter,
                "ONAIR_CHANNEL_ARN", "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf",
                "ONAIR_RECORDINGS_BUCKET", "onair-recordings",
                "ONAIR_PLAYBACK_URL", "https://example.invalid/live.m3u8",
                "ONAIR_RECONCILE_INTERVAL_SECONDS", "3600");
    }

    FakeRuntimeApi.Answer invoke(String handler, String event) throws Exception {
        return invoke(handler, event, env());
    }

    FakeRuntimeApi.Answer invoke(String handler, String event, Map<String, String> env) throws Exception {
        Path log = Files.createTempFile("bootstrap-" + handler, ".log");
        try (FakeRuntimeApi api = new FakeRuntimeApi()) {
            String id = api.enqueue(event);
            Process p = JvmZip.start(task, handler, api.address(), env, log);
            try {
                FakeRuntimeApi.Answer a = api.await(90);
                assertEquals(id, a.requestId());
                assertFalse(a.error(), () -> a.body() + "\n" + readLog(log));
                return a;
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
    void eventsHandlerAppliesAnEventBridgeEventToSsm() throws Exception {
        // the process runs on the real clock, and events older than the allowed age are refused: date it now
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        FakeRuntimeApi.Answer a = invoke("events", Fixtures.event("stream-start").replace("2026-01-01T12:00:00Z", now));
        assertTrue(a.body().contains("\"applied\""), a.body());
        try (SsmClient ssm = SsmClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.url())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                        .create("testing", "testing")).build()) {
            JsonNode doc = Schema.tree(ssm.getParameter(b -> b.name(parameter)).parameter().value());
            assertEquals("live", doc.get("status").asText());
            assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", doc.get("streamId").asText());
        }
    }

    @Test
    void statusHandlerAnswersAFunctionUrlEvent() throws Exception {
        FakeRuntimeApi.Answer a = invoke("status", Fixtures.resource("/function-url-get.json"));
        JsonNode response = Schema.tree(a.body());
        assertEquals(200, response.get("statusCode").asInt(), a.body());
        String body = response.get("body").asText();
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        assertEquals("", Schema.violations(body), body);
        assertEquals("idle", Schema.tree(body).get("status").asText());
    }

    /**
     * The packaged function reads its own configuration file: it once was YAML while the YAML parser was on the test
     * classpath only, so the zip silently ran without it. Two of its settings, seen from outside: a viewer's
     * X-Forwarded-Host must not turn the answer into Micronaut's localhost 403 (host resolution by Host only), and
     * the defaults (the state parameter's name) come from it.
     */
    @Test
    void thePackagedFunctionRunsWithItsConfigurationFile() throws Exception {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) Schema.tree(Fixtures.resource("/function-url-get.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers"))
                .put("origin", "https://evil.example").put("x-forwarded-host", "localhost");
        Map<String, String> withoutParameter = new java.util.HashMap<>(env());
        withoutParameter.remove("ONAIR_STATE_PARAMETER");
        FakeRuntimeApi.Answer a = invoke("status", event.toString(), withoutParameter);
        JsonNode response = Schema.tree(a.body());
        assertEquals(200, response.get("statusCode").asInt(), a.body());
    }

    /** Serves one GET /api/stream through {@code bootstrap} and returns the process's class-load log. */
    List<String> classLoadsOfOneGet() throws Exception {
        Path classLog = Files.createTempFile("bootstrap-classes", ".log");
        try {
            Map<String, String> env = new java.util.HashMap<>(env());
            // JAVA_TOOL_OPTIONS: read by the JVM together with the bootstrap's own flags
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
            FakeRuntimeApi.Answer a = invoke("status", Fixtures.resource("/function-url-get.json"), env);
            assertEquals(200, Schema.tree(a.body()).get("statusCode").asInt(), a.body());
            return Files.readAllLines(classLog);
        } finally {
            Files.deleteIfExists(classLog);
        }
    }

    static String source(List<String> classLoads, String cls) {
        List<String> loads = classLoads.stream().filter(l -> l.contains(" " + cls + " source: ")).toList();
        assertEquals(1, loads.size(), cls + " loaded once: " + loads);
        return loads.get(0).substring(loads.get(0).indexOf(" source: ") + 9);
    }

    /**
     * The zip's AppCDS archive (lib/onair.jsa, trained at package time by src/build/cds-archive) is really mapped by
     * the bootstrap's own command line. A JVM that cannot use it (archive missing, written by another JVM build, or
     * a class path whose names, order, jar sizes or times differ) says so only with -Xlog:cds and starts anyway,
     * loading every class from the jars: the class-load log shows where the start path and the first request's
     * classes came from.
     */
    @Test
    void theBootstrapLoadsTheStartPathFromTheZipsClassDataSharingArchive() throws Exception {
        assertTrue(Files.size(task.resolve("lib/onair.jsa")) > 0, "lib/onair.jsa is in the zip");
        List<String> loads = classLoadsOfOneGet();
        for (String cls : List.of("onair.function.LambdaBootstrap", "onair.function.handler.StatusRuntime",
                "onair.function.handler.StatusHandler", "onair.function.status.StatusAnswers",
                "software.amazon.awssdk.services.ssm.SsmClient")) {
            assertEquals("shared objects file (top)", source(loads, cls), cls);
        }
    }

    /**
     * On the custom runtime (this bootstrap, and the native binary, which runs the same main) a same-origin
     * GET /api/stream is answered by StatusHandler's direct path from the precomputed answer, as on the managed
     * java21 runtime: Micronaut's function-URL request adapter, which every routed request is wrapped in, is never
     * even loaded. (It was: the runtime's default handler routed every poll through Micronaut's HTTP pipeline.)
     */
    @Test
    void theStatusRuntimeAnswersGetStreamThroughStatusHandlersDirectPath() throws Exception {
        List<String> loads = classLoadsOfOneGet();
        source(loads, "onair.function.handler.StatusHandler");
        assertEquals(List.of(), loads.stream()
                .filter(l -> l.contains(" io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest "))
                .toList());
    }

    /**
     * The JVM zip is the fallback package, so it must build with any JDK 17+, also one that cannot write a
     * class-data-sharing archive (no base archive: JDK 17 then refuses to start with -XX:ArchiveClassesAtExit). Played
     * here by a java whose base archive is missing: the packaging step warns, writes no lib/onair.jsa, and the
     * bootstrap it lays out still starts (it names the archive only when there is one).
     */
    @Test
    void aJdkThatCannotWriteAnArchiveStillPackagesABootstrapThatStarts() throws Exception {
        Path scratch = Files.createTempDirectory("onair-cds-");
        try {
            Path noBaseJava = scratch.resolve("java-without-base-archive");
            Files.writeString(noBaseJava, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "' -XX:SharedArchiveFile='" + scratch.resolve("no-such-base.jsa") + "' \"$@\"\n");
            Files.setPosixFilePermissions(noBaseJava, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path functionJar;
            try (var jars = Files.list(task.resolve("lib"))) {
                functionJar = jars.filter(j -> j.getFileName().toString().startsWith("onair-function")).findFirst()
                        .orElseThrow();
            }
            Path built = scratch.resolve("task");
            Path out = scratch.resolve("cds-archive.log");
            Process packaging = new ProcessBuilder("src/build/cds-archive", noBaseJava.toString(), built.toString(),
                    "src/main/bootstrap/bootstrap", functionJar.toString(), task.resolve("lib").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean finished = packaging.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                packaging.destroy(); // TERM: the script's exit trap stops what it started
            }
            assertTrue(finished, "cds-archive finished");
            String said = readLog(out);
            assertEquals(0, packaging.exitValue(), said);
            assertTrue(said.contains("cannot write a class-data-sharing archive"), said);
            assertFalse(Files.exists(built.resolve("lib/onair.jsa")), "no archive written");
            assertTrue(Files.size(built.resolve("lib/classpath")) > 0, "lib/classpath written");

            // the zip's assembly gives bootstrap its mode (src/assembly/jvm-zip.xml), as unpack does
            Files.setPosixFilePermissions(built.resolve("bootstrap"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path log = scratch.resolve("bootstrap.log");
            try (FakeRuntimeApi api = new FakeRuntimeApi()) {
                Process p = JvmZip.start(built, "nonsense", api.address(), env(), log);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(2, p.exitValue(), readLog(log));
                assertTrue(readLog(log).contains("unknown _HANDLER 'nonsense'"), readLog(log));
            }
        } finally {
            JvmZip.deleteTree(scratch);
        }
    }

    @Test
    void unknownHandlerFailsFastWithAClearMessage() throws Exception {
        Path log = Files.createTempFile("bootstrap-bad", ".log");
        try (FakeRuntimeApi api = new FakeRuntimeApi()) {
            Process p = JvmZip.start(task, "nonsense", api.address(), env(), log);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue());
            assertTrue(readLog(log).contains("unknown _HANDLER 'nonsense'"), readLog(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

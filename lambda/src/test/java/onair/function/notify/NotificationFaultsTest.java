package onair.function.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go-live notifications under faults, with real parts: moto_server for SNS, Secrets Manager and SSM, a webhook
 * receiver on 127.0.0.1 that answers 204, answers 500 or closes the connection without answering, and, where moto
 * cannot play the fault, a Secrets Manager endpoint on 127.0.0.1 that answers AccessDeniedException as AWS does
 * (botocore secretsmanager/2017-10-17: a JSON 1.1 error, {@code __type}). What is asserted is what a broadcaster
 * sees: who was told, and the EMF metric lines the function prints ({@link NotifyMetrics}) — each failure under the
 * delivery that failed, the other delivery still made, no event failed.
 */
class NotificationFaultsTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VIEWER = "https://d111111abcdef8.cloudfront.net/";
    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";

    static WebhookReceiver receiver;

    FunctionHarness fn;
    HttpServer secretsEndpoint;
    PrintStream originalOut;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String suffix;
    String secretName;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver(() -> "-");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String hook(String path) {
        return receiver.url(path);
    }

    static String webhooks(String... nameUrl) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < nameUrl.length; i += 2) {
            items.add("{\"name\":\"" + nameUrl[i] + "\",\"url\":\"" + nameUrl[i + 1] + "\",\"format\":\"json\"}");
        }
        return "{\"webhooks\":[" + String.join(",", items) + "]}";
    }

    @BeforeEach
    void capture() {
        receiver.clear();
        suffix = UUID.randomUUID().toString().substring(0, 8);
        secretName = "onair/test/webhooks-" + suffix;
        originalOut = System.out;
        // the function's stdout, as Lambda would send it to the log group, kept for the EMF lines
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalOut.write(b);
                synchronized (printed) {
                    printed.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalOut.write(b, off, len);
                synchronized (printed) {
                    printed.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(tee);
    }

    @AfterEach
    void tearDown() {
        System.setOut(originalOut);
        if (fn != null) {
            fn.close();
        }
        if (secretsEndpoint != null) {
            secretsEndpoint.stop(0);
        }
    }

    /** moto's clients, from a harness without notification settings. */
    record Moto(SnsClient sns, SecretsManagerClient secrets, SsmClient ssm) {
    }

    Moto moto() {
        FunctionHarness plain = new FunctionHarness(Map.of());
        fn = plain;
        return new Moto(plain.context.getBean(SnsClient.class), plain.context.getBean(SecretsManagerClient.class),
                plain.context.getBean(SsmClient.class));
    }

    /** A topic in moto with an http subscription on the receiver ("/sns"), as an e-mail subscriber would be told. */
    String topic(Moto m) {
        String arn = m.sns().createTopic(b -> b.name("onair-golive-" + suffix)).topicArn();
        m.sns().subscribe(b -> b.topicArn(arn).protocol("http").endpoint(hook("/sns")));
        return arn;
    }

    /** The events function with these notification settings (the harness moto() made is closed first). */
    void start(Moto m, String topicArn, Map<String, Object> extra) {
        m.ssm().putParameter(b -> b.name("/onair/test/viewer-url-" + suffix).value(VIEWER).type(ParameterType.STRING));
        Map<String, Object> props = new HashMap<>(extra);
        props.put("onair.notify.viewer-url-parameter", "/onair/test/viewer-url-" + suffix);
        props.put("onair.recording-reconnect-window-seconds", "60");
        props.put("onair.notify.webhook-timeout-seconds", "2");
        props.put("onair.notify.topic-arn", topicArn);
        props.put("onair.notify.webhooks-secret", secretName);
        fn.close();
        fn = new FunctionHarness(props);
        receiver.clear();
        synchronized (printed) {
            printed.reset();
        }
    }

    /** The EMF documents printed so far (lines whose JSON has an "_aws" member). */
    List<JsonNode> emf() {
        String out;
        synchronized (printed) {
            out = printed.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{\"_aws\"")) {
                try {
                    docs.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("an EMF line that is not JSON: " + line, e);
                }
            }
        }
        return docs;
    }

    /** How many EMF documents count {@code metric} for {@code delivery}. */
    long count(String metric, String delivery) {
        return emf().stream().filter(d -> d.path(metric).asInt() == 1 && delivery.equals(d.path("Delivery").asText()))
                .count();
    }

    /** The paths POSTed to so far, in order (for failure messages). */
    String paths() {
        return receiver.hits().stream().map(WebhookReceiver.Hit::path).toList().toString();
    }

    long hits(String path) {
        return receiver.hits(path).size();
    }

    String startBroadcast() {
        String outcome = fn.event(Fixtures.event("stream-start"));
        assertTrue(outcome.contains("\"applied\""), "no event fails: " + outcome);
        return outcome;
    }

    @Test
    void snsSubscribersAreToldWithoutWaitingForAWebhooksSecretThatIsRefused() throws Exception {
        Moto m = moto();
        String topicArn = topic(m);
        // A Secrets Manager that refuses GetSecretValue as AWS does without secretsmanager:GetSecretValue (400,
        // AccessDeniedException: not retried by the SDK), but only once the SNS subscriber has been told or 10 s have
        // passed: a function that publishes only after reading the secret makes it wait the 10 s, and is caught.
        List<Boolean> snsToldFirst = new CopyOnWriteArrayList<>();
        secretsEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        secretsEndpoint.setExecutor(Executors.newFixedThreadPool(2));
        secretsEndpoint.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean told = false;
            for (int i = 0; i < 100 && !told; i++) {
                told = hits("/sns") > 0;
                if (!told) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            snsToldFirst.add(told);
            byte[] body = ("{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform:"
                    + " secretsmanager:GetSecretValue\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secretsEndpoint.start();
        start(m, topicArn, Map.of(
                "aws.services.secretsmanager.endpoint-override", "http://127.0.0.1:" + secretsEndpoint.getAddress().getPort(),
                // long enough that the endpoint's 10 s hold, not the client, decides on the old code
                "aws.url-connection-client.socket-timeout", "30s",
                "onair.aws.notify-api-call-timeout", "30s"));
        startBroadcast();
        ((ExecutorService) secretsEndpoint.getExecutor()).shutdown();

        assertEquals(1, hits("/sns"), paths());
        assertEquals(List.of(true), snsToldFirst,
                "GetSecretValue was asked once, and the SNS subscriber had been told before it was answered");
        assertEquals(1, count("NotificationsSent", "sns"), emf().toString());
        assertEquals(1, count("NotificationsFailed", "webhook"), emf().toString());
        assertEquals(0, count("NotificationsFailed", "sns"), emf().toString());
    }

    @Test
    void aMissingTopicIsCountedUnderSnsAndTheWebhooksAreStillCalled() {
        Moto m = moto();
        m.secrets().createSecret(b -> b.name(secretName).secretString(webhooks(
                "good", hook("/json"), "broken", hook("/fail"), "hangs-up", hook("/close"))));
        start(m, "arn:aws:sns:us-east-1:123456789012:onair-no-such-topic-" + suffix, Map.of());
        startBroadcast();

        assertEquals(1, hits("/json"), paths());
        assertEquals(1, hits("/fail"), paths());
        assertEquals(0, hits("/sns"));
        assertEquals(1, count("NotificationsFailed", "sns"), emf().toString());
        assertEquals(1, count("NotificationsSent", "webhook"), emf().toString());
        assertEquals(2, count("NotificationsFailed", "webhook"), "the 500 and the closed connection: " + emf());
        assertEquals(4, emf().size(), emf().toString());
    }

    @Test
    void aSecretThatIsNotAWebhooksDocumentIsCountedNotTakenForNoWebhooks() {
        Moto m = moto();
        String topicArn = topic(m);
        // valid JSON, the wrong shape (a hand edit): the old code called nobody and counted nothing
        m.secrets().createSecret(b -> b.name(secretName).secretString("{\"hooks\":[{\"name\":\"good\",\"url\":\""
                + hook("/json") + "\",\"format\":\"json\"}]}"));
        start(m, topicArn, Map.of());
        startBroadcast();

        assertEquals(1, hits("/sns"), paths());
        assertEquals(1, count("NotificationsSent", "sns"), emf().toString());
        assertEquals(1, count("NotificationsFailed", "webhook"), emf().toString());
    }

    @Test
    void aBinarySecretIsCountedNotTakenForNoWebhooks() {
        Moto m = moto();
        String topicArn = topic(m);
        m.secrets().createSecret(b -> b.name(secretName).secretBinary(SdkBytes.fromUtf8String(
                webhooks("good", hook("/json")))));
        start(m, topicArn, Map.of());
        startBroadcast();

        assertEquals(1, hits("/sns"), paths());
        assertEquals(1, count("NotificationsFailed", "webhook"), emf().toString());
    }

    @Test
    void aFailedSecretReadIsNotRememberedAsNoWebhooks() throws Exception {
        Moto m = moto();
        String topicArn = topic(m);
        start(m, topicArn, Map.of()); // the secret does not exist yet
        startBroadcast();
        assertEquals(1, hits("/sns"), paths());
        assertEquals(1, count("NotificationsFailed", "webhook"), emf().toString());

        // the secret appears; the broadcast ends and a new one begins two minutes later, within the secret's TTL
        fn.context.getBean(SecretsManagerClient.class).createSecret(b -> b.name(secretName)
                .secretString(webhooks("good", hook("/json"))));
        fn.event(event("stream-end", "2026-01-01T12:01:00Z", S1));
        assertTrue(fn.event(event("stream-start", "2026-01-01T12:03:00Z", S2)).contains("new broadcast"));

        assertEquals(2, hits("/sns"), paths());
        assertEquals(1, hits("/json"), "the second announcement read the secret again: " + paths());
        assertEquals(1, count("NotificationsSent", "webhook"), emf().toString());
    }

    @Test
    void aSecretThatBecomesUnreadableStillCallsTheWebhooksReadBeforeAndCountsTheFailure() {
        Moto m = moto();
        String topicArn = topic(m);
        m.secrets().createSecret(b -> b.name(secretName).secretString(webhooks("good", hook("/json"))));
        start(m, topicArn, Map.of());
        startBroadcast();
        assertEquals(1, hits("/json"), paths());

        // the secret goes (as GetSecretValue fails on AWS without the permission or the key), and its 60 s are over
        fn.context.getBean(SecretsManagerClient.class).deleteSecret(b -> b.secretId(secretName)
                .forceDeleteWithoutRecovery(true));
        fn.clock().advance(java.time.Duration.ofMinutes(2));
        fn.event(event("stream-end", "2026-01-01T12:01:00Z", S1));
        assertTrue(fn.event(event("stream-start", "2026-01-01T12:03:00Z", S2)).contains("new broadcast"));

        assertEquals(2, hits("/sns"), paths());
        assertEquals(2, hits("/json"), "the webhooks of the last good read are still called: " + paths());
        assertEquals(1, count("NotificationsFailed", "webhook"), "and the unreadable secret is counted: " + emf());
        assertEquals(2, count("NotificationsSent", "webhook"), emf().toString());
    }

    @Test
    void everyMetricLineCarriesTheRollupTheAlarmWatches() throws Exception {
        // the names the alarm in terraform/modules/monitoring reads, from the file both sides are checked against
        JsonNode contract = JSON.readTree(Files.readString(contractFile()));
        Moto m = moto();
        String topicArn = topic(m);
        start(m, topicArn, Map.of()); // no secret: one failure, one SNS message
        startBroadcast();

        List<JsonNode> docs = emf();
        assertEquals(2, docs.size(), docs.toString());
        List<String> rollup = new ArrayList<>();
        contract.get("alarm_dimensions").forEach(d -> rollup.add(d.asText()));
        for (JsonNode d : docs) {
            JsonNode directive = d.get("_aws").get("CloudWatchMetrics").get(0);
            assertEquals(contract.get("namespace").asText(), directive.get("Namespace").asText());
            List<List<String>> sets = new ArrayList<>();
            directive.get("Dimensions").forEach(set -> {
                List<String> names = new ArrayList<>();
                set.forEach(n -> names.add(n.asText()));
                sets.add(names);
            });
            assertTrue(sets.contains(rollup), "the alarm's dimension set " + rollup + " is emitted: " + d);
            assertTrue(sets.contains(List.of("Function", "Delivery")), d.toString());
            for (List<String> set : sets) {
                for (String name : set) {
                    assertTrue(d.hasNonNull(name), "every dimension named has a value (EMF spec): " + d);
                }
            }
        }
        assertTrue(docs.stream().anyMatch(d -> d.path(contract.get("failed_metric").asText()).asInt() == 1),
                "the alarm's metric name is the one the function counts failures under: " + docs);
        assertEquals(NotifyMetrics.FAILED, contract.get("failed_metric").asText());
        assertEquals(NotifyMetrics.NAMESPACE, contract.get("namespace").asText());
    }

    static Path contractFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("terraform/modules/monitoring/notify-metric.json");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("terraform/modules/monitoring/notify-metric.json not found above "
                + Path.of("").toAbsolutePath());
    }

    static String event(String fixture, String time, String streamId) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode e = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(Fixtures.event(fixture));
            e.put("id", UUID.randomUUID().toString());
            e.put("time", time);
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("stream_id", streamId);
            return JSON.writeValueAsString(e);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

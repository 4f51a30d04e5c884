package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import onair.local.cloud.aws.Json;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * EventBridge -> SQS FIFO queue -> event source mapping -> function, as the OnAir stack wires it, against a real
 * moto (started like the local platform, through local/moto/moto_local.py) and a real function process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqsEventSourceTest {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "arn:aws:iam::123456789012:role/onair-test";
    private static final String FN = "t-sqs-events";
    private static final Duration WAIT = Duration.ofSeconds(150);

    @TempDir
    static Path tmp;

    private MotoServer moto;
    private CloudEmulator emulator;
    private LambdaClient lambda;
    private EventBridgeClient events;
    private SqsClient sqs;
    private Path workDir;
    private Path eventsFile;
    private Path failFile;
    private String queueUrl;
    private String dlqUrl;
    private String ruleArn;

    @BeforeAll
    void start() throws Exception {
        workDir = tmp.resolve("work");
        moto = MotoServer.platform(Files.createDirectories(tmp).resolve("moto.log"));
        emulator = CloudEmulator.start(Options.parse(new String[] {
                "--moto-endpoint", moto.endpoint().toString(), "--work-dir", workDir.toString(),
                "--region", REGION, "--access-key", "test", "--secret-key", "test"}));
        URI gateway = URI.create("http://127.0.0.1:" + emulator.gatewayPort());
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var sdkHttp = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build();
        lambda = LambdaClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        S3Client s3 = S3Client.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .forcePathStyle(true).credentialsProvider(creds).build();
        events = EventBridgeClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        sqs = SqsClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        eventsFile = tmp.resolve("sqs-events.jsonl");
        failFile = tmp.resolve("fail-now");

        createRole(gateway);
        s3.createBucket(b -> b.bucket("artifacts"));
        s3.putObject(b -> b.bucket("artifacts").key("sqs-fn.zip"), RequestBody.fromBytes(functionZip()));
        lambda.createFunction(b -> b.functionName(FN).runtime(Runtime.PROVIDED_AL2023).role(ROLE).handler("sqs")
                .timeout(10).memorySize(256).code(c -> c.s3Bucket("artifacts").s3Key("sqs-fn.zip"))
                .environment(e -> e.variables(Map.of("EVENTS_FILE", eventsFile.toString(),
                        "FAIL_FILE", failFile.toString()))));
        String version = lambda.publishVersion(b -> b.functionName(FN)).version();
        String aliasArn = lambda.createAlias(b -> b.functionName(FN).name("live").functionVersion(version)).aliasArn();

        // as terraform/modules/function: FIFO DLQ, FIFO queue with content-based dedup and a redrive policy
        // (maxReceiveCount 2 here), SSE-SQS, visibility timeout = function timeout (the least Lambda accepts)
        dlqUrl = sqs.createQueue(b -> b.queueName("t-events-failed.fifo")
                .attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
        String dlqArn = arn("t-events-failed.fifo");
        ruleArn = events.putRule(b -> b.name("t-ivs").eventPattern("{\"source\":[\"test.ivs\"]}")).ruleArn();
        queueUrl = createQueue("t-events.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true",
                "VisibilityTimeout", "10", "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":2}"), ruleArn);
        events.putTargets(b -> b.rule("t-ivs").targets(Target.builder().id("queue").arn(arn("t-events.fifo"))
                .sqsParameters(p -> p.messageGroupId("ivs-events")).build()));
        lambda.createEventSourceMapping(b -> b.functionName(aliasArn).eventSourceArn(arn("t-events.fifo"))
                .batchSize(10).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
    }

    @AfterAll
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    @Order(1)
    void eventsFlowThroughTheFifoQueueInOrderInAwsSqsEventShape() throws Exception {
        for (int n = 1; n <= 5; n++) {
            put("test.ivs", "{\"n\":" + n + "}");
        }
        await("5 events delivered to the function", () -> bodies().size() >= 5);
        assertEquals(List.of(1, 2, 3, 4, 5), bodies().stream().map(b -> b.path("detail").path("n").asInt()).toList());

        JsonNode record = invocations().get(0).get("Records").get(0);
        assertEquals("aws:sqs", record.get("eventSource").asText());
        assertEquals(arn("t-events.fifo"), record.get("eventSourceARN").asText());
        assertEquals(REGION, record.get("awsRegion").asText());
        assertEquals("ivs-events", record.get("attributes").get("MessageGroupId").asText());
        for (String field : List.of("messageId", "receiptHandle", "md5OfBody")) {
            assertTrue(record.hasNonNull(field), field + " in " + record);
        }
        for (String a : List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp",
                "MessageDeduplicationId")) { // moto sets no SequenceNumber for content-deduplicated messages
            assertTrue(record.get("attributes").hasNonNull(a), a + " in " + record);
        }
        assertEquals("test.ivs", Json.parse(record.get("body").asText()).get("source").asText(),
                "the body is the EventBridge event");
        await("the queue is empty (succeeded messages deleted)", () -> depth(queueUrl).equals("0 0"));
        // the poller deletes the batch, then logs it: wait for the line rather than read the log the moment the
        // queue is empty
        await("the mapping logs the batch as ok", () -> mappingsLog().contains(" ok, "));
    }

    private String mappingsLog() {
        try {
            return Files.readString(workDir.resolve("event-source-mappings.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @Order(2)
    void aFailedRecordAndTheLaterOnesAreRetriedThenMoveToTheDeadLetterQueueInOrder() throws Exception {
        Files.writeString(failFile, "x");
        try {
            int before = invocations().size();
            // one PutEvents with three entries, sent to the queue in this order; 11 and 12 keep failing (the poller may
            // take them in one batch or one by one: either way each is tried maxReceiveCount times)
            events.putEvents(b -> b.entries(entry("{\"n\":10}"), entry("{\"n\":11,\"fail\":true}"),
                    entry("{\"n\":12,\"fail\":true}")));
            await("two messages in the dead-letter queue", () -> depth(dlqUrl).startsWith("2 "));
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(0)).messages();
            assertEquals(List.of(11, 12), dead.stream().map(m -> Json.parse(m.body()).path("detail").path("n").asInt())
                    .toList(), "the failed records, in order, unchanged");
            assertEquals("0 0", depth(queueUrl));
            List<Integer> seen = new ArrayList<>();
            for (JsonNode inv : invocations().subList(before, invocations().size())) {
                inv.get("Records").forEach(r -> seen.add(Json.parse(r.get("body").asText()).path("detail").path("n").asInt()));
            }
            // 10 applied once and deleted; 11 and 12 tried twice each (maxReceiveCount 2), first seen in order
            assertEquals(1, seen.stream().filter(n -> n == 10).count(), seen::toString);
            assertEquals(2, seen.stream().filter(n -> n == 11).count(), seen::toString);
            assertEquals(2, seen.stream().filter(n -> n == 12).count(), seen::toString);
            assertTrue(seen.indexOf(10) < seen.indexOf(11) && seen.indexOf(11) < seen.indexOf(12), seen::toString);
        } finally {
            Files.deleteIfExists(failFile);
        }
    }

    @Test
    @Order(3)
    void deliveriesEventBridgeWouldFailAreRefusedAndLogged() throws Exception {
        // a rule the queue policy does not name (the policy allows only aws:SourceArn = t-ivs)
        events.putRule(b -> b.name("t-stranger").eventPattern("{\"source\":[\"test.stranger\"]}"));
        events.putTargets(b -> b.rule("t-stranger").targets(Target.builder().id("queue").arn(arn("t-events.fifo"))
                .sqsParameters(p -> p.messageGroupId("ivs-events")).build()));
        // a FIFO queue without content-based deduplication, and one encrypted with alias/aws/sqs
        String noDedupRule = events.putRule(b -> b.name("t-nodedup").eventPattern("{\"source\":[\"test.nodedup\"]}")).ruleArn();
        createQueue("t-nodedup.fifo", Map.of("FifoQueue", "true"), noDedupRule);
        events.putTargets(b -> b.rule("t-nodedup").targets(Target.builder().id("q").arn(arn("t-nodedup.fifo"))
                .sqsParameters(p -> p.messageGroupId("g")).build()));
        String kmsRule = events.putRule(b -> b.name("t-kms").eventPattern("{\"source\":[\"test.kms\"]}")).ruleArn();
        String kmsQueue = createQueue("t-kms", Map.of("KmsMasterKeyId", "alias/aws/sqs"), kmsRule);
        events.putTargets(b -> b.rule("t-kms").targets(Target.builder().id("q").arn(arn("t-kms")).build()));

        put("test.stranger", "{}");
        put("test.nodedup", "{}");
        put("test.kms", "{}");
        String log = Files.readString(workDir.resolve("eventbridge.log"));
        assertTrue(log.contains("rule=t-stranger") && log.contains("does not allow events.amazonaws.com sqs:SendMessage"), log);
        assertTrue(log.contains("content-based deduplication"), log);
        assertTrue(log.contains("alias/aws/sqs"), log);
        assertEquals("0 0", depth(queueUrl));
        assertEquals("0 0", depth(kmsQueue));
    }

    @Test
    @Order(4)
    void aMappingWhoseVisibilityTimeoutIsBelowTheFunctionTimeoutIsNotPolled() throws Exception {
        String shortQueue = createQueue("t-short", Map.of("VisibilityTimeout", "5"), ruleArn);
        lambda.createEventSourceMapping(b -> b.functionName(FN + ":live").eventSourceArn(arn("t-short")).batchSize(1));
        sqs.sendMessage(b -> b.queueUrl(shortQueue).messageBody("never polled"));
        await("the mapping refused in the log", () -> {
            try {
                return Files.readString(workDir.resolve("event-source-mappings.log")).contains("REFUSED");
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals("1 0", depth(shortQueue));
    }

    // ------------------------------------------------------------------ helpers

    private String createQueue(String name, Map<String, String> attributes, String allowedRuleArn) {
        String url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn(name) + "\","
                + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":[\"" + allowedRuleArn + "\"]}}}]}";
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", policy)));
        return url;
    }

    private static String arn(String queue) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue;
    }

    private static PutEventsRequestEntry entry(String detail) {
        return PutEventsRequestEntry.builder().source("test.ivs").detailType("Test").detail(detail).build();
    }

    private void put(String source, String detail) {
        var r = events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source(source).detailType("Test")
                .detail(detail).build()));
        assertEquals(0, r.failedEntryCount());
    }

    /** "visible in-flight" message counts. */
    private String depth(String url) {
        var a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        return a.get("ApproximateNumberOfMessages") + " " + a.get("ApproximateNumberOfMessagesNotVisible");
    }

    private List<JsonNode> invocations() throws IOException {
        if (!Files.exists(eventsFile)) {
            return List.of();
        }
        return Files.readAllLines(eventsFile).stream().filter(l -> !l.isBlank()).map(Json::parse).toList();
    }

    private List<JsonNode> bodies() {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode inv : invocations()) {
                inv.get("Records").forEach(r -> out.add(Json.parse(r.get("body").asText())));
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        String log;
        try {
            log = Files.readString(workDir.resolve("event-source-mappings.log"));
        } catch (IOException e) {
            log = "(no event-source-mappings.log)";
        }
        throw new AssertionError("timed out waiting for: " + what + "; queue " + depth(queueUrl) + ", dead-letter "
                + depth(dlqUrl) + "; event-source-mappings.log:\n" + log);
    }

    private void createRole(URI gateway) throws Exception {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        String form = "Action=CreateRole&Version=2010-05-08&RoleName=onair-test&AssumeRolePolicyDocument="
                + java.net.URLEncoder.encode(trust, StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=host, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static byte[] functionZip() throws IOException {
        byte[] bootstrap;
        try (var in = SqsEventSourceTest.class.getResourceAsStream("/test-function-sqs/bootstrap")) {
            bootstrap = in.readAllBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bootstrap"));
            zip.write(bootstrap);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

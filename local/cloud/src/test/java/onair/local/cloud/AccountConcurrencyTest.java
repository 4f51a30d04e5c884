package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import onair.local.cloud.functionurl.FunctionUrlFront;
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
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The account's Lambda concurrency as AWS applies it, against a real moto_server with the real AWS SDK (client
 * retries off, so that every AWS answer is seen as it is) and real function processes: reservations refused below
 * the unreserved minimum, synchronous invokes over the limit answered 429 at once, asynchronous ones retried later.
 * Error shapes are checked against botocore's lambda and events models.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountConcurrencyTest {
    static {
        // like CloudEmulator: the signed function URL requests carry the URL's Host
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final String REGION = "us-east-1";
    private static final String SLOW = "a-slow";
    private static final String EVENTS = "a-events";
    private static final String SOURCE_ARN = "arn:aws:cloudfront::123456789012:distribution/ACCOUNTTEST";

    @TempDir
    static Path tmp;

    private MotoServer moto;
    /** A new AWS account: the defaults (limit 10, unreserved minimum 10). */
    private CloudEmulator fresh;
    /** A small account (limit 3, minimum 2), so that the limit is reached with a few bash processes. */
    private CloudEmulator small;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path eventsFile;
    private String urlHost;

    @BeforeAll
    void start() throws Exception {
        moto = MotoServer.stock(Files.createDirectories(tmp).resolve("moto.log"));
        fresh = CloudEmulator.start(Options.parse(new String[] {"--moto-endpoint", moto.endpoint().toString(),
                "--work-dir", tmp.resolve("fresh").toString(), "--access-key", "test", "--secret-key", "test"}));
        small = CloudEmulator.start(Options.parse(new String[] {"--moto-endpoint", moto.endpoint().toString(),
                "--work-dir", tmp.resolve("small").toString(), "--access-key", "test", "--secret-key", "test",
                "--account-concurrency", "3", "--unreserved-minimum", "2"}));
        eventsFile = tmp.resolve("events.jsonl");
        URI gateway = gateway(fresh);
        CloudEmulatorTest.createRole(http, gateway);
        try (S3Client s3 = S3Client.builder().endpointOverride(gateway).region(Region.of(REGION)).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(creds()).build()) {
            s3.createBucket(b -> b.bucket("artifacts"));
            s3.putObject(b -> b.bucket("artifacts").key("fn.zip"), RequestBody.fromBytes(CloudEmulatorTest.functionZip("c1")));
        }
        LambdaClient lambda = lambda(fresh);
        for (String[] fn : new String[][] {{SLOW, "url"}, {EVENTS, "events"}}) {
            lambda.createFunction(b -> b.functionName(fn[0]).runtime(Runtime.PROVIDED_AL2023)
                    .role(CloudEmulatorTest.ROLE).handler(fn[1]).timeout(30).memorySize(128)
                    .code(c -> c.s3Bucket("artifacts").s3Key("fn.zip"))
                    .environment(e -> e.variables(Map.of("EVENTS_FILE", eventsFile.toString()))));
            String version = lambda.publishVersion(b -> b.functionName(fn[0])).version();
            lambda.createAlias(b -> b.functionName(fn[0]).name("live").functionVersion(version));
        }
        urlHost = URI.create(lambda.createFunctionUrlConfig(b -> b.functionName(SLOW).qualifier("live")
                .authType(FunctionUrlAuthType.AWS_IAM)).functionUrl()).getHost();
        lambda.addPermission(b -> b.functionName(SLOW).qualifier("live").statementId("cf")
                .action("lambda:InvokeFunctionUrl").principal("cloudfront.amazonaws.com").sourceArn(SOURCE_ARN));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {fresh, small, moto}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void aNewAccountRefusesAnyReservationWithLambdasError() throws Exception {
        LambdaClient lambda = lambda(fresh);
        // what Terraform's reserved_concurrent_executions = 1 sends on a new account
        InvalidParameterValueException refused = assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionConcurrency(b -> b.functionName(EVENTS).reservedConcurrentExecutions(1)));
        assertEquals(400, refused.statusCode());
        assertEquals("Specified ReservedConcurrentExecutions for function decreases account's"
                + " UnreservedConcurrentExecution below its minimum value of [10].", refused.awsErrorDetails().errorMessage());
        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(EVENTS)).reservedConcurrentExecutions(),
                "a refused reservation must not reach moto");
        GetAccountSettingsResponse settings = lambda.getAccountSettings();
        assertEquals(10, settings.accountLimit().concurrentExecutions());
        assertEquals(10, settings.accountLimit().unreservedConcurrentExecutions());

        // the shape Lambda documents for this error (botocore lambda model)
        JsonNode shape = BotocoreModel.load("lambda", "2015-03-31").at("/shapes/InvalidParameterValueException");
        assertEquals(400, shape.at("/error/httpStatusCode").asInt());
        assertTrue(shape.at("/members/message").isObject() && shape.at("/members/Type").isObject());
        assertTrue(StreamSupport.stream(BotocoreModel.load("lambda", "2015-03-31")
                .at("/operations/PutFunctionConcurrency/errors").spliterator(), false)
                .anyMatch(e -> e.path("shape").asText().equals("InvalidParameterValueException")));
    }

    @Test
    @Order(2)
    void aReservationMustLeaveTheUnreservedMinimum() {
        LambdaClient lambda = lambda(small);
        InvalidParameterValueException refused = assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionConcurrency(b -> b.functionName(EVENTS).reservedConcurrentExecutions(2)));
        assertTrue(refused.awsErrorDetails().errorMessage().endsWith("below its minimum value of [2]."),
                refused.awsErrorDetails().errorMessage());
        assertEquals(1, lambda.putFunctionConcurrency(b -> b.functionName(EVENTS).reservedConcurrentExecutions(1))
                .reservedConcurrentExecutions());
        assertEquals(1, lambda.getFunctionConcurrency(b -> b.functionName(EVENTS)).reservedConcurrentExecutions());
        // another function may not take more: 3 - 1 - 1 < 2
        assertThrows(InvalidParameterValueException.class,
                () -> lambda.putFunctionConcurrency(b -> b.functionName(SLOW).reservedConcurrentExecutions(1)));
        assertEquals(2, lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());
    }

    @Test
    @Order(3)
    void synchronousInvokesOverTheLimitGet429AtOnce() throws Exception {
        LambdaClient lambda = lambda(small);
        // the unreserved pool is 3 - 1 = 2: two slow function URL requests take it (the test function sleeps 5 s)
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(http.sendAsync(signedUrlRequest(small, "/api/slow"), HttpResponse.BodyHandlers.ofString()));
        }
        // both are in flight once the function has logged two "slow" lines (requests arrive in any order here)
        assertTrue(waitForLog(SLOW, "slow ", 2), "two slow requests in flight");
        TooManyRequestsException throttled = null;
        HttpResponse<String> urlThrottled = null;
        while (!(slow.get(0).isDone() && slow.get(1).isDone()) && (throttled == null || urlThrottled == null)) {
            try {
                lambda.invoke(b -> b.functionName(SLOW).qualifier("live")
                        .payload(SdkBytes.fromUtf8String("{\"rawPath\":\"/direct\"}")));
            } catch (TooManyRequestsException e) {
                throttled = e;
            }
            HttpResponse<String> r = http.send(signedUrlRequest(small, "/api/stream"), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
                urlThrottled = r;
            }
            Thread.sleep(100);
        }
        assertTrue(throttled != null, "an Invoke over the account's limit must be throttled, not queued");
        assertEquals(429, throttled.statusCode());
        assertEquals(ThrottleReason.CONCURRENT_INVOCATION_LIMIT_EXCEEDED, throttled.reason());
        assertEquals("TooManyRequestsException", throttled.awsErrorDetails().errorCode());
        assertTrue(urlThrottled != null, "the function URL must answer 429 over the limit");
        assertEquals("{\"Message\":\"Rate Exceeded.\"}", urlThrottled.body());
        for (CompletableFuture<HttpResponse<String>> s : slow) {
            assertEquals(200, s.get().statusCode(), "the invocations in flight finish normally");
        }
        assertEquals(200, http.send(signedUrlRequest(small, "/api/stream"), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "concurrency is free again");

        // reserved concurrency 1: the second concurrent invoke of that function is throttled for its own reason
        CompletableFuture<InvokeResponse> hold = CompletableFuture.supplyAsync(() -> lambda.invoke(b -> b
                .functionName(EVENTS).qualifier("live").payload(SdkBytes.fromUtf8String("{\"hold\":true,\"n\":0}"))));
        assertTrue(waitForLog(EVENTS, "holding ", 1), "the hold is in flight");
        TooManyRequestsException reserved = null;
        while (!hold.isDone() && reserved == null) {
            try {
                lambda.invoke(b -> b.functionName(EVENTS).qualifier("live").payload(SdkBytes.fromUtf8String("{\"n\":1}")));
            } catch (TooManyRequestsException e) {
                reserved = e;
            }
            Thread.sleep(100);
        }
        assertTrue(reserved != null, "an invoke over the function's reserved concurrency must be throttled");
        assertEquals(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED, reserved.reason());
        assertNull(hold.get().functionError());

        // the error's shape and reasons as the botocore lambda model states them
        JsonNode model = BotocoreModel.load("lambda", "2015-03-31");
        assertEquals(429, model.at("/shapes/TooManyRequestsException/error/httpStatusCode").asInt());
        for (String member : new String[] {"Type", "message", "Reason"}) {
            assertTrue(model.at("/shapes/TooManyRequestsException/members/" + member).isObject(), member);
        }
        List<String> reasons = new ArrayList<>();
        model.at("/shapes/ThrottleReason/enum").forEach(n -> reasons.add(n.asText()));
        assertTrue(reasons.contains(onair.local.cloud.lambda.TooManyRequestsException.ACCOUNT), reasons.toString());
        assertTrue(reasons.contains(onair.local.cloud.lambda.TooManyRequestsException.RESERVED), reasons.toString());
    }

    @Test
    @Order(4)
    void asynchronousEventsOverTheLimitAreRetriedLaterNotQueued() throws Exception {
        LambdaClient lambda = lambda(small);
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(gateway(small))
                .region(Region.of(REGION)).httpClient(UrlConnectionHttpClient.create()).credentialsProvider(creds())
                .build()) {
            String arn = lambda.getFunction(b -> b.functionName(EVENTS)).configuration().functionArn();
            events.putRule(b -> b.name("burst").eventPattern("{\"source\":[\"test.burst\"]}"));
            events.putTargets(b -> b.rule("burst").targets(Target.builder().id("events").arn(arn + ":live").build()));
            // the one reserved environment is busy for 3 s
            CompletableFuture<InvokeResponse> hold = CompletableFuture.supplyAsync(() -> lambda.invoke(b -> b
                    .functionName(EVENTS).qualifier("live").payload(SdkBytes.fromUtf8String("{\"hold\":true,\"n\":9}"))));
            Path log = tmp.resolve("small/eventbridge.log");
            assertTrue(waitForLog(EVENTS, "holding ", 2), "the hold is in flight");
            PutEventsResponse put = events.putEvents(b -> b.entries(java.util.stream.IntStream.range(0, 3).mapToObj(i ->
                    PutEventsRequestEntry.builder().source("test.burst").detailType("burst")
                            .detail("{\"seq\":" + i + "}").build()).toList()));
            assertEquals(0, put.failedEntryCount());
            List<String> ids = put.entries().stream().map(e -> e.eventId()).toList();
            List<String> lines = List.of();
            for (Instant until = Instant.now().plusSeconds(60); Instant.now().isBefore(until); Thread.sleep(200)) {
                lines = Files.readAllLines(log);
                List<String> current = lines;
                if (ids.stream().allMatch(id -> current.stream().anyMatch(l -> l.contains(id) && l.contains("result=ok")))) {
                    break;
                }
            }
            String all = String.join("\n", lines);
            for (String id : ids) {
                List<String> mine = lines.stream().filter(l -> l.contains(id)).toList();
                assertEquals(1, mine.stream().filter(l -> l.contains("attempt=")).count(),
                        "a throttle is not a retry: one attempt per event\n" + all);
                assertTrue(mine.stream().anyMatch(l -> l.contains("attempt=1") && l.contains("result=ok")), all);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("throttled (" + ThrottleReason
                    .RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED + "); back to the queue")), all);
            assertNull(hold.get().functionError());
            List<String> delivered = Files.readAllLines(eventsFile);
            for (String id : ids) {
                assertTrue(delivered.stream().anyMatch(l -> l.contains(id)), "delivered: " + id);
            }
            assertFalse(Files.readAllLines(tmp.resolve("small/functions/" + EVENTS + ".pid")).size() > 1,
                    "never more environments than the reservation");
        }
    }

    /** Waits (bounded) until the function's log in the small account holds {@code count} lines starting so. */
    private boolean waitForLog(String function, String prefix, int count) throws Exception {
        Path log = tmp.resolve("small/functions/" + function + ".log");
        for (Instant until = Instant.now().plusSeconds(60); Instant.now().isBefore(until); Thread.sleep(50)) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count() >= count) {
                return true;
            }
        }
        return false;
    }

    private static StaticCredentialsProvider creds() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    private static URI gateway(CloudEmulator emulator) {
        return URI.create("http://127.0.0.1:" + emulator.gatewayPort());
    }

    /** Client retries off: a throttle must reach the test as the service answered it. */
    private static LambdaClient lambda(CloudEmulator emulator) {
        return LambdaClient.builder().endpointOverride(gateway(emulator)).region(Region.of(REGION))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .credentialsProvider(creds()).build();
    }

    /** A function URL request signed as CloudFront's Lambda OAC signs it. */
    private HttpRequest signedUrlRequest(CloudEmulator emulator, String path) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://" + urlHost + path))
                .putHeader(FunctionUrlFront.SOURCE_ARN_HEADER, SOURCE_ARN).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("test", "test"))
                .request(request).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.functionUrlPort()
                + path)).timeout(Duration.ofSeconds(60));
        signed.request().headers().forEach((k, values) -> values.forEach(v -> out.header(k, v)));
        return out.build();
    }
}

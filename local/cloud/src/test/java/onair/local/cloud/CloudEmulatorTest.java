package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.MotoClients;
import onair.local.cloud.events.EventBridgeDelivery;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CachePolicyConfig;
import software.amazon.awssdk.services.cloudfront.model.CachePolicyCookieBehavior;
import software.amazon.awssdk.services.cloudfront.model.CachePolicyHeaderBehavior;
import software.amazon.awssdk.services.cloudfront.model.CachePolicyQueryStringBehavior;
import software.amazon.awssdk.services.cloudfront.model.CreateCachePolicyResponse;
import software.amazon.awssdk.services.cloudfront.model.CustomErrorResponse;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.FrameOptionsList;
import software.amazon.awssdk.services.cloudfront.model.GetCachePolicyResponse;
import software.amazon.awssdk.services.cloudfront.model.NoSuchCachePolicyException;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.OriginRequestPolicyConfig;
import software.amazon.awssdk.services.cloudfront.model.OriginRequestPolicyCookieBehavior;
import software.amazon.awssdk.services.cloudfront.model.OriginRequestPolicyHeaderBehavior;
import software.amazon.awssdk.services.cloudfront.model.OriginRequestPolicyQueryStringBehavior;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;
import software.amazon.awssdk.services.cloudfront.model.ReferrerPolicyList;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyConfig;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyCustomHeader;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The emulator end to end against a real moto_server: every AWS call below goes through the emulator's gateway
 * with the real AWS SDK, every HTTP call is real HTTP, and the functions are real processes speaking the Runtime API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudEmulatorTest {
    static {
        // like CloudEmulator: set before any java.net.http class loads in this JVM (the test's client included)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final String REGION = "us-east-1";
    static final String ROLE = "arn:aws:iam::123456789012:role/onair-test";
    private static final String STATUS = "t-status";
    private static final String EVENTS = "t-events";

    @TempDir
    static Path tmp;

    private MotoServer moto;
    private CloudEmulator emulator;
    private LambdaClient lambda;
    private S3Client s3;
    private CloudFrontClient cloudFront;
    private EventBridgeClient events;
    private SqsClient sqs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path workDir;
    private Path eventsFile;
    private String urlHost;
    private String distributionArn;
    private String edge;

    @BeforeAll
    void start() throws Exception {
        workDir = tmp.resolve("work");
        moto = MotoServer.stock(Files.createDirectories(tmp).resolve("moto.log"));
        emulator = CloudEmulator.start(Options.parse(new String[] {
                "--moto-endpoint", moto.endpoint().toString(), "--work-dir", workDir.toString(),
                "--region", REGION, "--access-key", "test", "--secret-key", "test", "--config-refresh-seconds", "1",
                // an account raised by one above a new account's 10: the events function may reserve 1
                "--account-concurrency", "11", "--unreserved-minimum", "10"}));
        edge = "http://127.0.0.1:" + emulator.edgePort();
        URI gateway = URI.create("http://127.0.0.1:" + emulator.gatewayPort());
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var sdkHttp = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build();
        lambda = LambdaClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        s3 = S3Client.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .forcePathStyle(true).credentialsProvider(creds).build();
        cloudFront = CloudFrontClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.AWS_GLOBAL)
                .credentialsProvider(creds).build();
        events = EventBridgeClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        sqs = SqsClient.builder().httpClient(sdkHttp).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        eventsFile = tmp.resolve("events.jsonl");

        createRole(http, gateway);
        s3.createBucket(b -> b.bucket("artifacts"));
        s3.putObject(b -> b.bucket("artifacts").key("fn-v1.zip"), RequestBody.fromBytes(functionZip("v1")));
        for (String[] fn : new String[][] {{STATUS, "url"}, {EVENTS, "events"}}) {
            lambda.createFunction(b -> b.functionName(fn[0]).runtime(Runtime.PROVIDED_AL2023).role(ROLE)
                    .handler(fn[1]).timeout(10).memorySize(256)
                    .code(c -> c.s3Bucket("artifacts").s3Key("fn-v1.zip"))
                    .environment(e -> e.variables(Map.of("EVENTS_FILE", eventsFile.toString()))));
            String version = lambda.publishVersion(b -> b.functionName(fn[0])).version();
            lambda.createAlias(b -> b.functionName(fn[0]).name("live").functionVersion(version));
        }
        lambda.putFunctionConcurrency(b -> b.functionName(EVENTS).reservedConcurrentExecutions(1));
        urlHost = URI.create(lambda.createFunctionUrlConfig(b -> b.functionName(STATUS).qualifier("live")
                .authType(FunctionUrlAuthType.AWS_IAM)).functionUrl()).getHost();
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
    void cloudFrontPolicyCrudRoundTripAndForwarding() {
        CreateCachePolicyResponse created = cloudFront.createCachePolicy(b -> b.cachePolicyConfig(cachePolicy("crud", 5)));
        String id = created.cachePolicy().id();
        assertNotNull(created.eTag());
        GetCachePolicyResponse got = cloudFront.getCachePolicy(b -> b.id(id));
        assertEquals(5L, got.cachePolicy().cachePolicyConfig().defaultTTL());
        assertEquals(List.of("v"), got.cachePolicy().cachePolicyConfig().parametersInCacheKeyAndForwardedToOrigin()
                .queryStringsConfig().queryStrings().items());
        assertEquals(got.eTag(), cloudFront.getCachePolicyConfig(b -> b.id(id)).eTag());

        assertThrows(PreconditionFailedException.class, () -> cloudFront.updateCachePolicy(b -> b.id(id)
                .ifMatch("EWRONG").cachePolicyConfig(cachePolicy("crud", 7))));
        String etag2 = cloudFront.updateCachePolicy(b -> b.id(id).ifMatch(got.eTag())
                .cachePolicyConfig(cachePolicy("crud", 7))).eTag();
        assertNotEquals(got.eTag(), etag2);
        assertEquals(7L, cloudFront.getCachePolicy(b -> b.id(id)).cachePolicy().cachePolicyConfig().defaultTTL());
        assertTrue(cloudFront.listCachePolicies(b -> b.type("custom")).cachePolicyList().items().stream()
                .anyMatch(s -> s.cachePolicy().id().equals(id)));

        cloudFront.deleteCachePolicy(b -> b.id(id).ifMatch(etag2));
        assertThrows(NoSuchCachePolicyException.class, () -> cloudFront.getCachePolicy(b -> b.id(id)));
        // policies survive a restart: they are stored in the work dir
        assertTrue(Files.exists(workDir.resolve("cloudfront/cache-policies.json")));
    }

    @Test
    @Order(2)
    void functionUrlBuildsPayloadV2AndEnforcesSigV4() throws Exception {
        URI front = URI.create("http://127.0.0.1:" + emulator.functionUrlPort());
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(front.resolve("/api/stream?a=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        assertEquals("{\"Message\":\"Forbidden\"}", unsigned.body());

        String source = "arn:aws:cloudfront::123456789012:distribution/EXAMPLE";
        lambda.addPermission(b -> b.functionName(STATUS).qualifier("live").statementId("cf-test")
                .action("lambda:InvokeFunctionUrl").principal("cloudfront.amazonaws.com").sourceArn(source));

        HttpResponse<String> wrongSource = http.send(signed(front, "/api/stream", "a=1&b=x%20y",
                source.replace("EXAMPLE", "OTHER"), null), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongSource.statusCode());

        HttpResponse<String> ok = http.send(signed(front, "/api/stream", "a=1&b=x%20y", source, "cookie-value"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("v1", ok.headers().firstValue("x-code").orElse(null));
        assertEquals(List.of("a=1"), ok.headers().allValues("set-cookie"));
        JsonNode event = Json.parse(ok.body());
        assertEquals("2.0", event.get("version").asText());
        assertEquals("$default", event.get("routeKey").asText());
        assertEquals("/api/stream", event.get("rawPath").asText());
        assertEquals("a=1&b=x%20y", event.get("rawQueryString").asText());
        assertEquals("x y", event.at("/queryStringParameters/b").asText());
        assertEquals(urlHost, event.at("/headers/host").asText());
        assertEquals("c=cookie-value", event.at("/cookies/0").asText());
        assertEquals("GET", event.at("/requestContext/http/method").asText());
        assertEquals("/api/stream", event.at("/requestContext/http/path").asText());
        assertEquals("test", event.at("/requestContext/authorizer/iam/accessKey").asText());
        assertEquals("$default", event.at("/requestContext/stage").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());

        HttpRequest good = signed(front, "/api/stream", null, source, null);
        HttpRequest tampered = HttpRequest.newBuilder(front.resolve("/api/other"))
                .headers(good.headers().map().entrySet().stream()
                        .flatMap(e -> e.getValue().stream().flatMap(v -> java.util.stream.Stream.of(e.getKey(), v)))
                        .toArray(String[]::new)).build();
        assertEquals(403, http.send(tampered, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    @Order(3)
    void putEventsDeliversMatchingEventsToTheAliasTarget() throws Exception {
        String eventsArn = lambda.getFunction(b -> b.functionName(EVENTS)).configuration().functionArn();
        events.putRule(b -> b.name("ivs-state").eventPattern(
                "{\"source\":[\"aws.ivs\"],\"detail-type\":[\"IVS Stream State Change\",\"IVS Recording State Change\"]}"));
        events.putTargets(b -> b.rule("ivs-state").targets(Target.builder().id("events").arn(eventsArn + ":live").build()));

        // aws.* events come the way AWS services put them (the emulator's service-event endpoint, not PutEvents)
        JsonNode r = putServiceEvents(List.of(
                Map.of("Source", "aws.ivs", "DetailType", "IVS Stream State Change",
                        "Resources", List.of("arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"),
                        "Time", "2026-01-01T12:00:00Z",
                        "Detail", "{\"event_name\":\"Stream Start\",\"stream_id\":\"st-1\"}"),
                Map.of("Source", "aws.ivs", "DetailType", "IVS Limit Breach", "Detail", "{\"limit_name\":\"x\"}")));
        assertEquals(0, r.get("FailedEntryCount").asInt(), r.toString());
        String matchingId = r.at("/Entries/0/EventId").asText();
        String otherId = r.at("/Entries/1/EventId").asText();

        List<JsonNode> delivered = waitForEvents(1);
        JsonNode e = delivered.get(0);
        assertEquals(matchingId, e.get("id").asText());
        assertEquals("0", e.get("version").asText());
        assertEquals("IVS Stream State Change", e.get("detail-type").asText());
        assertEquals("aws.ivs", e.get("source").asText());
        assertEquals("123456789012", e.get("account").asText());
        assertEquals("2026-01-01T12:00:00Z", e.get("time").asText());
        assertEquals("st-1", e.at("/detail/stream_id").asText());
        assertEquals("arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf", e.at("/resources/0").asText());
        Thread.sleep(500);
        assertTrue(Files.readString(eventsFile).lines().noneMatch(l -> l.contains(otherId)));
        // the outcome line follows the function's answer, which follows its write: wait for it (bounded)
        String log = "";
        for (Instant until = Instant.now().plusSeconds(15); Instant.now().isBefore(until); Thread.sleep(100)) {
            log = Files.readString(workDir.resolve("eventbridge.log"));
            if (log.contains("event=" + matchingId) && log.contains("result=ok")) {
                break;
            }
        }
        assertTrue(log.contains("rule=ivs-state") && log.contains("result=ok"), log);
        // reserved concurrency 1 (set after the version was published, as Terraform does): a burst of deliveries is
        // throttled and retried later (nothing lost), all in the one environment, never a second process
        putServiceEvents(java.util.stream.IntStream.range(0, 4).mapToObj(i -> Map.<String, Object>of(
                "Source", "aws.ivs", "DetailType", "IVS Stream State Change",
                "Resources", List.of("arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf"),
                "Detail", "{\"event_name\":\"Stream End\",\"stream_id\":\"st-" + i + "\"}")).toList());
        waitForEvents(5);
        assertEquals(1, Files.readAllLines(workDir.resolve("functions/" + EVENTS + ".pid")).size());
    }

    @Test
    @Order(4)
    void putEventsRefusesSourcesReservedForAwsServicesPerEntry() throws Exception {
        int before = Files.exists(eventsFile) ? Files.readAllLines(eventsFile).size() : 0;
        // PutEvents with an aws.* source: HTTP 200, the entry failed (botocore events PutEventsResultEntry.ErrorCode)
        PutEventsResponse r = events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("aws.ivs").detailType("IVS Stream State Change")
                        .resources("arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf")
                        .detail("{\"event_name\":\"Stream End\",\"stream_id\":\"st-1\"}").build(),
                PutEventsRequestEntry.builder().source("onair.test").detailType("x").detail("{}").build()));
        assertEquals(1, r.failedEntryCount());
        assertEquals("NotAuthorizedForSourceException", r.entries().get(0).errorCode());
        assertEquals("Not authorized for the source.", r.entries().get(0).errorMessage());
        assertNull(r.entries().get(0).eventId());
        assertNotNull(r.entries().get(1).eventId(), "the other entry of the same request is accepted");
        // the service-event endpoint takes only aws.* sources
        JsonNode wrongWay = putServiceEvents(List.of(Map.of("Source", "onair.test", "DetailType", "x", "Detail", "{}")));
        assertEquals(1, wrongWay.get("FailedEntryCount").asInt());
        assertEquals("InvalidArgument", wrongWay.at("/Entries/0/ErrorCode").asText());
        Thread.sleep(1000);
        assertEquals(before, Files.exists(eventsFile) ? Files.readAllLines(eventsFile).size() : 0,
                "a refused event is delivered nowhere");
        // the error code is one botocore's events model lists for an entry, and PutEvents declares no such error
        JsonNode model = BotocoreModel.load("events", "2015-10-07");
        assertTrue(model.at("/shapes/PutEventsResultEntry/members/ErrorCode/documentation").asText()
                .contains("NotAuthorizedForSourceException"));
        assertFalse(model.at("/operations/PutEvents/errors").toString().contains("NotAuthorizedForSource"));
    }

    @Test
    @Order(5)
    void edgeRoutesCachesAndAddsSecurityHeaders() throws Exception {
        s3.createBucket(b -> b.bucket("site"));
        s3.putObject(b -> b.bucket("site").key("index.html").contentType("text/html").cacheControl("max-age=60"),
                RequestBody.fromString("<h1>OnAir</h1>"));
        s3.putObject(b -> b.bucket("site").key("404.html").contentType("text/html"),
                RequestBody.fromString("<h1>not here</h1>"));
        String sitePolicy = cloudFront.createCachePolicy(b -> b.cachePolicyConfig(cachePolicy("site", 86400)))
                .cachePolicy().id();
        String apiPolicy = cloudFront.createCachePolicy(b -> b.cachePolicyConfig(CachePolicyConfig.builder()
                .name("api").minTTL(0L).defaultTTL(0L).maxTTL(0L)
                .parametersInCacheKeyAndForwardedToOrigin(p -> p.enableAcceptEncodingGzip(false)
                        .headersConfig(h -> h.headerBehavior(CachePolicyHeaderBehavior.NONE))
                        .cookiesConfig(c -> c.cookieBehavior(CachePolicyCookieBehavior.NONE))
                        .queryStringsConfig(q -> q.queryStringBehavior(CachePolicyQueryStringBehavior.NONE)))
                .build())).cachePolicy().id();
        String requestPolicy = cloudFront.createOriginRequestPolicy(b -> b.originRequestPolicyConfig(
                OriginRequestPolicyConfig.builder().name("api")
                        .headersConfig(h -> h.headerBehavior(OriginRequestPolicyHeaderBehavior.WHITELIST)
                                .headers(x -> x.quantity(1).items("Accept")))
                        .cookiesConfig(c -> c.cookieBehavior(OriginRequestPolicyCookieBehavior.NONE))
                        .queryStringsConfig(q -> q.queryStringBehavior(OriginRequestPolicyQueryStringBehavior.ALL))
                        .build())).originRequestPolicy().id();
        String headersPolicy = cloudFront.createResponseHeadersPolicy(b -> b.responseHeadersPolicyConfig(
                ResponseHeadersPolicyConfig.builder().name("security")
                        .securityHeadersConfig(s -> s
                                .strictTransportSecurity(h -> h.accessControlMaxAgeSec(63072000).includeSubdomains(true)
                                        .preload(true).override(true))
                                .contentTypeOptions(c -> c.override(true))
                                .frameOptions(f -> f.frameOption(FrameOptionsList.DENY).override(true))
                                .referrerPolicy(x -> x.referrerPolicy(ReferrerPolicyList.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                                        .override(true))
                                .contentSecurityPolicy(c -> c.contentSecurityPolicy("default-src 'self'").override(true)))
                        .customHeadersConfig(c -> c.quantity(2).items(
                                ResponseHeadersPolicyCustomHeader.builder().header("X-OnAir").value("edge")
                                        .override(true).build(),
                                ResponseHeadersPolicyCustomHeader.builder().header("x-code").value("policy")
                                        .override(false).build()))
                        .build())).responseHeadersPolicy().id();

        String oac = cloudFront.createOriginAccessControl(b -> b.originAccessControlConfig(c -> c.name("site-oac")
                .originAccessControlOriginType("s3").signingBehavior("always").signingProtocol("sigv4")))
                .originAccessControl().id();
        var dist = cloudFront.createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("test-" + System.nanoTime()).comment("onair test").enabled(true)
                .defaultRootObject("index.html")
                .origins(o -> o.quantity(2).items(
                        Origin.builder().id("site").domainName("site.s3.us-east-1.amazonaws.com")
                                .s3OriginConfig(s -> s.originAccessIdentity("")).originAccessControlId(oac).build(),
                        Origin.builder().id("api").domainName(urlHost).customOriginConfig(c -> c.httpPort(80)
                                .httpsPort(443).originProtocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)).build()))
                .defaultCacheBehavior(d -> d.targetOriginId("site").viewerProtocolPolicy(
                                ViewerProtocolPolicy.REDIRECT_TO_HTTPS).cachePolicyId(sitePolicy)
                        .responseHeadersPolicyId(headersPolicy).compress(true)
                        .allowedMethods(a -> a.quantity(2).itemsWithStrings("GET", "HEAD")
                                .cachedMethods(c -> c.quantity(2).itemsWithStrings("GET", "HEAD"))))
                .cacheBehaviors(cb -> cb.quantity(1).items(CacheBehavior.builder().pathPattern("/api/*")
                        .targetOriginId("api").viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .cachePolicyId(apiPolicy).originRequestPolicyId(requestPolicy)
                        .responseHeadersPolicyId(headersPolicy)
                        .allowedMethods(a -> a.quantity(3).itemsWithStrings("GET", "HEAD", "OPTIONS")
                                .cachedMethods(c -> c.quantity(2).itemsWithStrings("GET", "HEAD"))).build()))
                .customErrorResponses(ce -> ce.quantity(1).items(CustomErrorResponse.builder().errorCode(404)
                        .responseCode("404").responsePagePath("/404.html").errorCachingMinTTL(10L).build()))
                .build()));
        distributionArn = dist.distribution().arn();
        // CloudFront ARNs are global (empty region field); moto leaves the field out, the gateway puts it back
        assertTrue(distributionArn.startsWith("arn:aws:cloudfront::123456789012:distribution/"), distributionArn);
        assertTrue(cloudFront.getDistribution(b -> b.id(dist.distribution().id())).distribution().arn()
                .startsWith("arn:aws:cloudfront::"));
        // the distribution was forwarded to moto: moto itself lists it
        try (MotoClients direct = new MotoClients(moto.endpoint(), REGION, "test", "test")) {
            assertEquals(dist.distribution().id(),
                    direct.cloudFront.listDistributions().distributionList().items().get(0).id());
        }
        // moto drops OriginAccessControlId and adds ForwardedValues; the gateway answers with the config as sent
        DistributionConfig readBack = cloudFront.getDistributionConfig(b -> b.id(dist.distribution().id()))
                .distributionConfig();
        assertEquals(oac, readBack.origins().items().stream().filter(o -> o.id().equals("site")).findFirst()
                .orElseThrow().originAccessControlId());
        assertEquals(null, readBack.defaultCacheBehavior().forwardedValues());
        assertEquals(0, readBack.originGroups().quantity(), "fields only moto fills in are kept");
        lambda.addPermission(b -> b.functionName(STATUS).qualifier("live").statementId("cf-edge")
                .action("lambda:InvokeFunctionUrl").principal("cloudfront.amazonaws.com").sourceArn(distributionArn));

        HttpResponse<String> first = get("/");
        assertEquals(200, first.statusCode());
        assertEquals("<h1>OnAir</h1>", first.body());
        assertEquals("Miss from cloudfront", first.headers().firstValue("x-cache").orElse(null));
        assertEquals("max-age=63072000; includeSubDomains; preload",
                first.headers().firstValue("strict-transport-security").orElse(null));
        assertEquals("nosniff", first.headers().firstValue("x-content-type-options").orElse(null));
        assertEquals("DENY", first.headers().firstValue("x-frame-options").orElse(null));
        assertEquals("strict-origin-when-cross-origin", first.headers().firstValue("referrer-policy").orElse(null));
        assertEquals("default-src 'self'", first.headers().firstValue("content-security-policy").orElse(null));
        assertEquals("edge", first.headers().firstValue("x-onair").orElse(null));
        HttpResponse<String> second = get("/index.html");
        assertEquals("Hit from cloudfront", second.headers().firstValue("x-cache").orElse(null));
        // Date + Age is the time of the answer, as with CloudFront (origin Date + Age); here Date is the edge's own,
        // so there is no Age (README, differences): what the page's clock (frontend/src/clock.js) reads is right
        assertTrue(second.headers().firstValue("age").isEmpty(), "an Age beside the edge's own Date");
        java.time.Instant served = java.time.ZonedDateTime.parse(second.headers().firstValue("date").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertTrue(Math.abs(java.time.Duration.between(served, java.time.Instant.now()).toSeconds()) <= 2, served.toString());
        s3.putObject(b -> b.bucket("site").key("index.html").contentType("text/html").cacheControl("max-age=60"),
                RequestBody.fromString("<h1>OnAir 2</h1>"));
        assertEquals("<h1>OnAir</h1>", get("/").body(), "still cached");
        cloudFront.createInvalidation(b -> b.distributionId(dist.distribution().id()).invalidationBatch(i -> i
                .callerReference("inv-" + System.nanoTime()).paths(p -> p.quantity(1).items("/*"))));
        HttpResponse<String> afterInvalidation = get("/");
        assertEquals("<h1>OnAir 2</h1>", afterInvalidation.body());
        assertEquals("Miss from cloudfront", afterInvalidation.headers().firstValue("x-cache").orElse(null));

        HttpResponse<String> api = get("/api/stream?x=1");
        assertEquals(200, api.statusCode(), api.body());
        assertEquals("Miss from cloudfront", api.headers().firstValue("x-cache").orElse(null));
        assertEquals("v1", api.headers().firstValue("x-code").orElse(null), "Override=false keeps the origin value");
        JsonNode event = Json.parse(api.body());
        assertEquals("/api/stream", event.get("rawPath").asText());
        assertEquals("x=1", event.get("rawQueryString").asText());
        assertEquals(urlHost, event.at("/headers/host").asText());
        assertEquals("Miss from cloudfront", get("/api/stream?x=1").headers().firstValue("x-cache").orElse(null),
                "the api cache policy has MaxTTL 0");

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(edge + "/404.html"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals("17", head.headers().firstValue("content-length").orElse(null));
        assertEquals("<h1>not here</h1>", get("/404.html").body(), "a HEAD answer is never cached for GET");

        HttpResponse<String> missing = get("/nope.js");
        assertEquals(404, missing.statusCode());
        assertEquals("<h1>not here</h1>", missing.body());
        assertEquals("Error from cloudfront", missing.headers().firstValue("x-cache").orElse(null));
        assertEquals("nosniff", missing.headers().firstValue("x-content-type-options").orElse(null));

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(edge + "/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, post.statusCode());

        HttpResponse<String> failing = get("/api/fail");
        assertEquals(502, failing.statusCode());
        assertEquals("{\"Message\":\"Internal Server Error\"}", failing.body());
    }

    @Test
    @Order(6)
    void killedFunctionGivesA502ThenRecovers() throws Exception {
        String before = get("/api/stream").headers().firstValue("x-pid").orElseThrow();
        Path functionLog = workDir.resolve("functions/" + STATUS + ".log");
        long slowBefore = Files.readAllLines(functionLog).stream().filter(l -> l.startsWith("slow ")).count();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create(edge + "/api/slow")).build(), HttpResponse.BodyHandlers.ofString());
        // kill once the function is inside the slow invocation (it logs "slow <pid>" first), not after a guess
        for (Instant until = Instant.now().plusSeconds(60); Instant.now().isBefore(until)
                && Files.readAllLines(functionLog).stream().filter(l -> l.startsWith("slow ")).count() == slowBefore; ) {
            Thread.sleep(50);
        }
        for (String pid : Files.readAllLines(workDir.resolve("functions/" + STATUS + ".pid"))) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
        HttpResponse<String> killed = slow.get();
        assertEquals(502, killed.statusCode());
        assertTrue(killed.body().contains("Internal Server Error"), killed.body());

        HttpResponse<String> after = get("/api/stream");
        assertEquals(200, after.statusCode(), after.body());
        assertNotEquals(before, after.headers().firstValue("x-pid").orElseThrow());
    }

    @Test
    @Order(7)
    void movingTheAliasRunsTheNewVersionsCode() throws Exception {
        s3.putObject(b -> b.bucket("artifacts").key("fn-v2.zip"), RequestBody.fromBytes(functionZip("v2")));
        lambda.updateFunctionCode(b -> b.functionName(STATUS).s3Bucket("artifacts").s3Key("fn-v2.zip"));
        String v2 = lambda.publishVersion(b -> b.functionName(STATUS)).version();
        assertEquals("v1", get("/api/stream").headers().firstValue("x-code").orElse(null), "alias not moved yet");
        lambda.updateAlias(b -> b.functionName(STATUS).name("live").functionVersion(v2));

        // like Lambda, an alias move reaches the data path after a short propagation delay (ControlPlaneCache)
        String code = null;
        for (Instant until = Instant.now().plusSeconds(5); Instant.now().isBefore(until) && !"v2".equals(code); ) {
            code = get("/api/stream").headers().firstValue("x-code").orElse(null);
            Thread.sleep(200);
        }
        assertEquals("v2", code);
        InvokeResponse invoked = lambda.invoke(b -> b.functionName(STATUS).qualifier("live")
                .payload(SdkBytes.fromUtf8String("{\"rawPath\":\"/direct\"}")));
        assertEquals(v2, invoked.executedVersion());
        assertEquals("v2", Json.parse(invoked.payload().asUtf8String()).at("/headers/x-code").asText());
    }

    /** moto's Lambda wants an existing IAM role; one IAM Query API call through the gateway (forwarded to moto). */
    static void createRole(HttpClient http, URI gateway) throws Exception {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        String form = "Action=CreateRole&Version=2010-05-08&RoleName=onair-test&AssumeRolePolicyDocument="
                + java.net.URLEncoder.encode(trust, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=host, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(ROLE), r.body());
    }

    @Test
    @Order(8)
    void failingAsyncTargetsAreRetriedTwiceAndLogged() throws Exception {
        String statusArn = lambda.getFunction(b -> b.functionName(STATUS)).configuration().functionArn();
        events.putRule(b -> b.name("always-fails").eventPattern("{\"source\":[\"test.fail\"]}"));
        // a constant Input replaces the event: the test function fails on this rawPath
        events.putTargets(b -> b.rule("always-fails").targets(Target.builder().id("status").arn(statusArn + ":live")
                .input("{\"rawPath\":\"/api/fail\"}").build()));
        String id = events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("test.fail")
                .detailType("x").detail("{}").build())).entries().get(0).eventId();
        Path log = workDir.resolve("eventbridge.log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> attempts = List.of();
        while (Instant.now().isBefore(deadline) && attempts.size() < 3) {
            attempts = Files.readAllLines(log).stream().filter(l -> l.contains(id) && l.contains("attempt=")).toList();
            Thread.sleep(200);
        }
        assertEquals(3, attempts.size(), String.join("\n", attempts));
        assertTrue(attempts.stream().allMatch(l -> l.contains("result=error") && l.contains("asked to fail")),
                String.join("\n", attempts));
    }

    @Test
    @Order(9)
    void eventsThatExhaustTheirRetriesGoToTheOnFailureQueue() throws Exception {
        String eventsArn = lambda.getFunction(b -> b.functionName(EVENTS)).configuration().functionArn();
        String queueUrl = sqs.createQueue(b -> b.queueName("t-failed")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        // one retry, then the queue (the OnAir stack states Lambda's default of two)
        lambda.putFunctionEventInvokeConfig(b -> b.functionName(EVENTS).qualifier("live").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(queueArn))));
        events.putRule(b -> b.name("kept-on-failure").eventPattern("{\"source\":[\"test.keep\"]}"));
        // the events test function fails on this input: its EVENTS_FILE is a directory
        events.putTargets(b -> b.rule("kept-on-failure").targets(Target.builder().id("events").arn(eventsArn + ":live")
                .build()));
        lambda.updateFunctionConfiguration(b -> b.functionName(EVENTS)
                .environment(e -> e.variables(Map.of("EVENTS_FILE", tmp.toString()))));
        String version = lambda.publishVersion(b -> b.functionName(EVENTS)).version();
        lambda.updateAlias(b -> b.functionName(EVENTS).name("live").functionVersion(version));
        Thread.sleep(1500); // alias moves are seen within the control-plane cache's second

        String id = events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().source("test.keep")
                .detailType("IVS Stream State Change").detail("{\"event_name\":\"Stream Start\"}").build()))
                .entries().get(0).eventId();
        List<software.amazon.awssdk.services.sqs.model.Message> kept = List.of();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline) && kept.isEmpty()) {
            kept = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
        }
        assertEquals(1, kept.size(), "the failed event must be kept; log: "
                + Files.readString(workDir.resolve("eventbridge.log")));
        JsonNode record = Json.parse(kept.get(0).body());
        assertEquals(id, record.at("/requestPayload/id").asText(), record.toString());
        assertEquals("Stream Start", record.at("/requestPayload/detail/event_name").asText());
        assertEquals("RetriesExhausted", record.at("/requestContext/condition").asText());
        assertEquals(2, record.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals(eventsArn + ":live", record.at("/requestContext/functionArn").asText());
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
        // the host logs the outcome just after the queue has the record: give it a moment
        String outcome = "sent to on-failure destination " + queueArn;
        List<String> lines = List.of();
        for (Instant until = Instant.now().plusSeconds(10); Instant.now().isBefore(until); Thread.sleep(100)) {
            lines = Files.readAllLines(workDir.resolve("eventbridge.log")).stream().filter(l -> l.contains(id)).toList();
            if (lines.stream().anyMatch(l -> l.contains(outcome))) {
                break;
            }
        }
        assertEquals(2, lines.stream().filter(l -> l.contains("attempt=")).count(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains(outcome)), String.join("\n", lines));
    }

    /** POSTs PutEvents-shaped entries to the emulator's own service-event endpoint (how AWS services put events). */
    private JsonNode putServiceEvents(List<Map<String, Object>> entries) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + emulator.gatewayPort() + EventBridgeDelivery.SERVICE_EVENTS_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("Entries", entries)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(edge + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request signed by the AWS SDK's own SigV4 signer, as CloudFront OAC signs for a function URL. */
    private HttpRequest signed(URI front, String path, String query, String sourceArn, String cookie) {
        String q = query == null ? "" : "?" + query;
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://" + urlHost + path + q))
                .putHeader(FunctionUrlFront.SOURCE_ARN_HEADER, sourceArn);
        SignedRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("test", "test"))
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(front + path + q));
        signedRequest.request().headers().forEach((k, values) -> values.forEach(v -> out.header(k, v)));
        if (cookie != null) {
            out.header("Cookie", "c=" + cookie);
        }
        return out.build();
    }

    private List<JsonNode> waitForEvents(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(eventsFile)) {
                List<JsonNode> out = new ArrayList<>();
                for (String line : Files.readAllLines(eventsFile)) {
                    if (!line.isBlank()) {
                        out.add(Json.parse(line));
                    }
                }
                if (out.size() >= count) {
                    return out;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no event delivered within 30 s; log: "
                + (Files.exists(workDir.resolve("eventbridge.log")) ? Files.readString(workDir.resolve("eventbridge.log")) : "-"));
    }

    private static CachePolicyConfig cachePolicy(String name, long defaultTtl) {
        return CachePolicyConfig.builder().name(name).comment("test").minTTL(0L).defaultTTL(defaultTtl)
                .maxTTL(31536000L)
                .parametersInCacheKeyAndForwardedToOrigin(p -> p.enableAcceptEncodingGzip(true)
                        .headersConfig(h -> h.headerBehavior(CachePolicyHeaderBehavior.NONE))
                        .cookiesConfig(c -> c.cookieBehavior(CachePolicyCookieBehavior.NONE))
                        .queryStringsConfig(q -> q.queryStringBehavior(CachePolicyQueryStringBehavior.WHITELIST)
                                .queryStrings(s -> s.quantity(1).items("v"))))
                .build();
    }

    static byte[] functionZip(String codeVersion) throws IOException {
        String bootstrap;
        try (var in = CloudEmulatorTest.class.getResourceAsStream("/test-function/bootstrap")) {
            bootstrap = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@CODE_VERSION@", codeVersion);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bootstrap"));
            zip.write(bootstrap.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}

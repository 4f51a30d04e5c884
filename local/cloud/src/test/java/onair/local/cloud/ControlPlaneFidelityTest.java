package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import onair.local.cloud.aws.MotoClients;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a second {@code terraform apply} reads back through the gateway must be what the first one wrote, as on AWS;
 * otherwise Terraform plans a change on every run (and moto's SetQueueAttributes lost the queue policy with it).
 * Real moto_server, real gateway, the real AWS SDK v2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlPlaneFidelityTest {
    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final String REGION = "us-east-1";

    @TempDir
    static Path tmp;

    private MotoServer moto;
    private CloudEmulator emulator;
    private SqsClient sqs;
    private CloudFrontClient cloudFront;

    @BeforeAll
    void start() throws Exception {
        moto = MotoServer.stock(Files.createDirectories(tmp).resolve("moto.log"));
        emulator = CloudEmulator.start(Options.parse(new String[] {
                "--moto-endpoint", moto.endpoint().toString(), "--work-dir", tmp.resolve("work").toString(),
                "--region", REGION, "--access-key", "test", "--secret-key", "test"}));
        URI gateway = URI.create("http://127.0.0.1:" + emulator.gatewayPort());
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build();
        sqs = SqsClient.builder().httpClient(http).endpointOverride(gateway).region(Region.of(REGION))
                .credentialsProvider(creds).build();
        cloudFront = CloudFrontClient.builder().httpClient(http).endpointOverride(gateway).region(Region.AWS_GLOBAL)
                .credentialsProvider(creds).build();
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

    /** Terraform's update of aws_sqs_queue.redrive_policy sends only RedrivePolicy; the policy must stay. */
    @Test
    void setQueueAttributesKeepsThePolicyAndEveryAttributeNotInTheRequest() {
        String dlqArn = arn(sqs.createQueue(b -> b.queueName("t-keep-failed")).queueUrl());
        String url = sqs.createQueue(b -> b.queueName("t-keep")).queueUrl();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"events\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\","
                + "\"Resource\":\"" + arn(url) + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":"
                + "\"arn:aws:events:us-east-1:123456789012:rule/t\"}}}]}";
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", policy,
                "VisibilityTimeout", "60", "MessageRetentionPeriod", "86400")));
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":2}";

        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("RedrivePolicy", redrive)));
        Map<String, String> after = all(url);
        assertEquals(policy, after.get("Policy"), "SetQueueAttributes without Policy must keep the policy");
        assertEquals("60", after.get("VisibilityTimeout"));
        assertEquals("86400", after.get("MessageRetentionPeriod"));
        assertEquals(redrive, after.get("RedrivePolicy"));

        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "90")));
        after = all(url);
        assertEquals(policy, after.get("Policy"));
        assertEquals(redrive, after.get("RedrivePolicy"));
        assertEquals("90", after.get("VisibilityTimeout"));

        // an empty Policy in the request is how a client removes it (Terraform's aws_sqs_queue_policy destroy)
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", "")));
        assertTrue(!all(url).containsKey("Policy") || all(url).get("Policy").isEmpty(), all(url).toString());
    }

    /** GetQueueAttributes answers the JSON documents as they were set (compact), not re-spaced. */
    @Test
    void getQueueAttributesAnswersJsonDocumentsAsSet() {
        String dlqUrl = sqs.createQueue(b -> b.queueName("t-compact-failed.fifo")
                .attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
        String url = sqs.createQueue(b -> b.queueName("t-compact.fifo")
                .attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
        String redrive = "{\"deadLetterTargetArn\":\"" + arn(dlqUrl) + "\",\"maxReceiveCount\":2}";
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("RedrivePolicy", redrive)));

        assertEquals(redrive, all(url).get("RedrivePolicy"));
        assertEquals(redrive, sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings().get("RedrivePolicy"));
        // moto itself re-spaces them (Python json.dumps): the difference the gateway removes
        try (MotoClients direct = new MotoClients(moto.endpoint(), REGION, "test", "test")) {
            assertNotEquals(redrive, direct.sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings().get("RedrivePolicy"));
        }
    }

    /** Tags given at CreateDistributionWithTags are listed for the distribution's (global) ARN, as on AWS. */
    @Test
    void distributionTagsSetAtCreationAreListedForItsArn() {
        var created = cloudFront.createDistributionWithTags(b -> b.distributionConfigWithTags(c -> c
                .distributionConfig(DistributionConfig.builder().callerReference("tags-" + System.nanoTime())
                        .comment("tags").enabled(true)
                        .origins(o -> o.quantity(1).items(Origin.builder().id("site")
                                .domainName("site.s3.us-east-1.amazonaws.com")
                                .s3OriginConfig(s -> s.originAccessIdentity("")).build()))
                        .defaultCacheBehavior(d -> d.targetOriginId("site")
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                        .build())
                .tags(t -> t.items(Tag.builder().key("Project").value("onair").build(),
                        Tag.builder().key("ManagedBy").value("terraform").build()))));
        String arn = created.distribution().arn();
        assertTrue(arn.startsWith("arn:aws:cloudfront::123456789012:distribution/"), arn);
        assertEquals(Map.of("Project", "onair", "ManagedBy", "terraform"), tags(arn));

        cloudFront.tagResource(b -> b.resource(arn).tags(t -> t.items(Tag.builder().key("Stage").value("x").build())));
        assertEquals(Map.of("Project", "onair", "ManagedBy", "terraform", "Stage", "x"), tags(arn));
        cloudFront.untagResource(b -> b.resource(arn).tagKeys(k -> k.items("Stage")));
        assertEquals(Map.of("Project", "onair", "ManagedBy", "terraform"), tags(arn));
    }

    private Map<String, String> tags(String arn) {
        return cloudFront.listTagsForResource(b -> b.resource(arn)).tags().items().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private Map<String, String> all(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
    }

    private String arn(String url) {
        return all(url).get("QueueArn");
    }
}

package onair.function.aws;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SDK client the function uses, built as on AWS (micronaut-aws-sdk-v2 plus {@link SdkClientSettings}, a real
 * region, no endpoint override), sends its first call to the service's public regional endpoint, signed for that
 * region and service. The request is taken just before it would leave (an interceptor stops it), so nothing reaches
 * the network.
 *
 * <p>Why: every other test points the clients at moto or an emulator (an endpoint override), so the SDK's own endpoint
 * resolution, the one path AWS takes, ran nowhere. And the SDK modules are not all one version: the IVS module is
 * served here only up to 2.40.2, the rest is 2.59.1 (lambda/pom.xml), so the older module's generated builder and
 * endpoint rules run on the newer core. A method the core no longer had would fail here (NoSuchMethodError), a rule
 * the core reads differently would show as another host.
 *
 * <p>Expected hosts: the regional endpoints of AWS's service endpoint tables
 * (https://docs.aws.amazon.com/general/latest/gr/ivs.html, ssm.html, sns.html, asm.html, s3.html: e.g.
 * {@code ivs.us-east-1.amazonaws.com}; S3 virtual-hosted-style, {@code <bucket>.s3.<region>.amazonaws.com}, in
 * us-east-1 {@code <bucket>.s3.amazonaws.com},
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html); the SigV4 credential scope is
 * {@code <key>/<date>/<region>/<service>/aws4_request}
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */
class AwsEndpointsTest {

    /** Stops a request at the moment it would be sent, after endpoint resolution and signing. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped before transmission", null, false, false);
        }
    }

    static final class LastRequest implements ExecutionInterceptor {
        volatile SdkHttpRequest last;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            last = context.httpRequest();
            throw new Stopped();
        }
    }

    /** What other tests in this JVM set (the SDK's per-service endpoint system properties) and we clear. */
    private final Map<String, String> savedProperties = new HashMap<>();
    private ApplicationContext context;
    private final LastRequest requests = new LastRequest();

    @BeforeEach
    void clearEndpointOverrides() {
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("aws.endpointUrl")) {
                savedProperties.put(name, p.getProperty(name));
                System.clearProperty(name);
            }
        }
        // AWS_ENDPOINT_URL_* in this process's environment (a developer's shell) would win otherwise: the SDK's
        // documented switch to ignore every configured endpoint URL
        // (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html)
        savedProperties.put("aws.ignoreConfiguredEndpointUrls", System.getProperty("aws.ignoreConfiguredEndpointUrls"));
        System.setProperty("aws.ignoreConfiguredEndpointUrls", "true");
    }

    @AfterEach
    void restore() {
        if (context != null) {
            context.close();
        }
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void start(String region) {
        context = ApplicationContext.builder().properties(Map.of(
                "aws.region", region, "aws.accessKeyId", "AKIDEXAMPLE", "aws.secretKey", "secret")).build();
        context.registerSingleton(ExecutionInterceptor.class, requests);
        context.start();
    }

    private void assertSentTo(String service, String signingName, String host, String region, Runnable call) {
        requests.last = null;
        assertThrows(RuntimeException.class, call::run);
        SdkHttpRequest r = requests.last;
        assertNotNull(r, service + ": no request reached transmission");
        assertEquals("https", r.protocol(), service);
        assertEquals(host, r.host(), service);
        String auth = r.firstMatchingHeader("Authorization").orElse("");
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                        && auth.contains("/" + region + "/" + signingName + "/aws4_request"),
                service + " signed for " + region + "/" + signingName + ": " + auth);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-1"})
    void eachClientReachesItsRegionalEndpoint(String region) {
        start(region);
        assertSentTo("SSM", "ssm", "ssm." + region + ".amazonaws.com", region,
                () -> context.getBean(SsmClient.class).getParameter(b -> b.name("/onair/state")));
        assertSentTo("ivs", "ivs", "ivs." + region + ".amazonaws.com", region,
                () -> context.getBean(IvsClient.class).getStream(b -> b.channelArn(
                        "arn:aws:ivs:" + region + ":123456789012:channel/AbCdEfGhIjKl")));
        // us-east-1: the SDKs' default there is still the global name, s3.amazonaws.com (the shared setting
        // s3_us_east_1_regional_endpoint = legacy; both names serve the bucket: gr/s3.html)
        String s3 = region.equals("us-east-1") ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com";
        assertSentTo("S3", "s3", "onair-recordings-example." + s3, region,
                () -> context.getBean(S3Client.class).listObjectsV2(b -> b.bucket("onair-recordings-example")));
        assertSentTo("SNS", "sns", "sns." + region + ".amazonaws.com", region,
                () -> context.getBean(SnsClient.class).publish(b -> b.topicArn(
                        "arn:aws:sns:" + region + ":123456789012:onair-golive").message("{}")));
        assertSentTo("Secrets Manager", "secretsmanager", "secretsmanager." + region + ".amazonaws.com", region,
                () -> context.getBean(SecretsManagerClient.class).getSecretValue(b -> b.secretId("onair/webhooks")));
    }
}

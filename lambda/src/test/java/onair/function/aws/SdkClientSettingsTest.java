package onair.function.aws;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import onair.function.support.SsmCallCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK clients as micronaut-aws-sdk-v2 builds them from application.properties plus SdkClientSettings, against a
 * real HTTP server that answers every request with a retryable 500: SNS Publish is sent once (no retry: a standard
 * topic does not deduplicate), SSM is retried; each client carries its whole-call timeout and the interceptors; all
 * share the URL-connection HTTP client.
 */
class SdkClientSettingsTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private ApplicationContext context;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            boolean json = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).contains("json");
            byte[] body = (json ? "{\"__type\":\"InternalServerError\",\"message\":\"boom\"}"
                    : "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>boom</Message>"
                    + "</Error><RequestId>1</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        // micronaut-aws-sdk-v2's own per-service endpoint setting (wins over AWS_ENDPOINT_URL_*: other tests in this
        // JVM set the SDK's aws.endpointUrl* system properties)
        context = ApplicationContext.builder().properties(Map.of(
                "aws.region", "us-east-1", "aws.accessKeyId", "testing", "aws.secretKey", "testing",
                "aws.services.sns.endpoint-override", url, "aws.services.ssm.endpoint-override", url)).start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        server.stop(0);
    }

    @Test
    void snsPublishIsNotRetriedButSsmIs() {
        SnsClient sns = context.getBean(SnsClient.class);
        assertThrows(SdkException.class, () -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:123456789012:t")
                .message("live")));
        assertEquals(1, requests.get(), "SNS Publish must be sent exactly once");

        requests.set(0);
        SsmClient ssm = context.getBean(SsmClient.class);
        assertThrows(SdkException.class, () -> ssm.getParameter(b -> b.name("/onair/x")));
        assertTrue(requests.get() > 1, "SSM keeps the SDK's retries, got " + requests.get() + " request(s)");
        assertEquals(1, context.getBean(SsmCallCounter.class).count("Publish"), "interceptors reach SNS");
        assertEquals(1, context.getBean(SsmCallCounter.class).count("GetParameter"), "interceptors reach SSM");
    }

    @Test
    void everyClientHasItsCallTimeoutAndTheUrlConnectionClient() {
        assertEquals(Optional.of(Duration.ofSeconds(8)), callTimeout(context.getBean(SsmClient.class)));
        assertEquals(Optional.of(Duration.ofSeconds(8)), callTimeout(context.getBean(S3Client.class)));
        assertEquals(Optional.of(Duration.ofSeconds(8)), callTimeout(context.getBean(IvsClient.class)));
        assertEquals(Optional.of(Duration.ofSeconds(4)), callTimeout(context.getBean(SnsClient.class)));
        assertEquals(Optional.of(Duration.ofSeconds(4)), callTimeout(context.getBean(SecretsManagerClient.class)));
        assertFalse(context.getBean(SsmClient.class).serviceClientConfiguration().overrideConfiguration()
                .executionInterceptors().isEmpty());
        assertInstanceOf(UrlConnectionHttpClient.class, context.getBean(SdkHttpClient.class));
    }

    private static Optional<Duration> callTimeout(SdkClient client) {
        return client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout();
    }
}

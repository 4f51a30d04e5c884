package onair.function.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import onair.function.events.IvsEventFunction;
import onair.function.handler.StatusHandler;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Both Lambda entry points over one application context, wired to a real SSM endpoint (moto), with a manual
 * clock. Requests go in as real function-URL payload 2.0 events, events as raw EventBridge JSON.
 */
public final class FunctionHarness implements AutoCloseable {

    public static final String PLAYBACK = "https://a1b2c3d4e5f6.us-east-1.playback.live-video.net/api/video/v1/"
            + "us-east-1.123456789012.channel.AbCdEf.m3u8";
    public static final String CHANNEL = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf";

    public final ApplicationContext context;
    /** The handler class AWS calls (java variant); its non-direct requests go through Micronaut as before. */
    public final StatusHandler status;
    public final IvsEventFunction events;
    public final String parameter = "/onair/test/" + UUID.randomUUID();

    /**
     * Points the SDK (system properties; the Lambda uses the equivalent env vars) at an SSM and an IVS endpoint; S3
     * (the recordings' thumbnails), SNS and Secrets Manager (go-live notifications) are the same moto as SSM.
     */
    public static void useEndpoints(String ssm, String ivs) {
        System.setProperty("aws.endpointUrlS3", ssm);
        System.setProperty("aws.endpointUrlSns", ssm);
        System.setProperty("aws.endpointUrlSecretsManager", ssm);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.endpointUrlSsm", ssm);
        System.setProperty("aws.endpointUrlIvs", ivs);
    }

    public FunctionHarness(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("onair.state-parameter", parameter);
        props.put("onair.playback-url", PLAYBACK);
        props.put("onair.channel-arn", CHANNEL);
        props.put("onair.recordings-bucket", Parsers.BUCKET);
        props.put("onair-test.manual-clock", "true");
        props.put("onair.s3-force-path-style", "true");
        props.putAll(extra);
        context = ApplicationContext.builder().properties(props).start();
        status = new StatusHandler(context);
        events = new IvsEventFunction(context);
        try {
            ensureBucket(context.getBean(S3Client.class), Parsers.BUCKET);
        } catch (SdkClientException unreachable) {
            // a test that points the function at a dead endpoint on purpose (StaleOnErrorTest)
        }
    }

    /**
     * The recordings bucket exists on every deployment (the events function writes the recordings index there on
     * Recording End): create it in moto unless a test already did.
     */
    public static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException raced) {
                // another harness made it meanwhile
            }
        }
    }

    public TestClock clock() {
        return context.getBean(TestClock.class);
    }

    public SsmCallCounter calls() {
        return context.getBean(SsmCallCounter.class);
    }

    public String event(String json) {
        return events.handleRequest(json, null);
    }

    public APIGatewayV2HTTPResponse get(String path, Map<String, String> headers) {
        return request("GET", path, headers);
    }

    public APIGatewayV2HTTPResponse request(String method, String path, Map<String, String> headers) {
        return status.handleRequest(event(method, path, headers), null);
    }

    /** The function-URL event (payload 2.0) for a request, as the Lambda runtime hands it to the handler. */
    public APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> headers) {
        int q = path.indexOf('?');
        String query = q < 0 ? "" : path.substring(q + 1);
        String rawPath = q < 0 ? path : path.substring(0, q);
        String template = Fixtures.resource("/function-url-get.json")
                .replace("\"method\": \"GET\"", "\"method\": \"" + method + "\"")
                .replace("/api/stream", rawPath);
        try {
            APIGatewayV2HTTPEvent event = context.getBean(JsonMapper.class).readValue(template,
                    APIGatewayV2HTTPEvent.class);
            Map<String, String> h = new HashMap<>(event.getHeaders());
            h.putAll(headers);
            event.setHeaders(h);
            if (!query.isEmpty()) {
                // as a function URL sends it: the raw string, and the decoded parameters
                event.setRawQueryString(query);
                Map<String, String> params = new HashMap<>();
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
                event.setQueryStringParameters(params);
            }
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String body(APIGatewayV2HTTPResponse r) {
        if (r.getBody() == null) {
            return "";
        }
        return r.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.UTF_8) : r.getBody();
    }

    public static String header(APIGatewayV2HTTPResponse r, String name) {
        if (r.getHeaders() != null) {
            for (var e : r.getHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        if (r.getMultiValueHeaders() != null) {
            for (var e : r.getMultiValueHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
        }
        return null;
    }

    /** The raw SSM document, read directly (not through the function). */
    public Optional<String> document() {
        try {
            return Optional.of(context.getBean(SsmClient.class).getParameter(b -> b.name(parameter))
                    .parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        status.close();
        context.close();
    }
}

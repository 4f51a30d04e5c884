package onair.local.cloud.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.MotoForwarder;
import onair.local.cloud.aws.SigV4;
import onair.local.cloud.aws.Xml;
import onair.local.cloud.cloudfront.CloudFrontArns;
import onair.local.cloud.cloudfront.CloudFrontPolicyApi;
import onair.local.cloud.cloudfront.DistributionConfigs;
import onair.local.cloud.events.EventBridgeDelivery;
import onair.local.cloud.lambda.AsyncInvoker;
import onair.local.cloud.lambda.InvokeResult;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.LambdaAccountApi;
import onair.local.cloud.lambda.TooManyRequestsException;
import onair.local.cloud.sqs.SqsQueueAttributesApi;

/**
 * The AWS endpoint clients are pointed at. Answers the operations moto cannot (CloudFront policies, EventBridge
 * PutEvents delivery, Lambda Invoke) and forwards everything else to moto unchanged. The service is taken from the
 * SigV4 credential scope, the operation from X-Amz-Target (JSON protocols) or method and path (REST).
 */
public final class AwsGateway implements HttpHandler {
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Pattern INVALIDATION = Pattern.compile("/2020-05-31/distribution/[^/]+/invalidation");
    /** ListTagsForResource, TagResource, UntagResource: the resource ARN is the {@code Resource} query parameter. */
    private static final String CLOUDFRONT_TAGGING = "/2020-05-31/tagging";

    private final MotoForwarder moto;
    private final CloudFrontPolicyApi policies;
    private final EventBridgeDelivery eventBridge;
    private final Invoker lambda;
    private final AsyncInvoker lambdaAsync;
    private final Consumer<List<String>> invalidations;
    private final DistributionConfigs distributions;
    private final LambdaAccountApi lambdaAccount;
    private final Consumer<String> asyncLog;
    private final SqsQueueAttributesApi sqsAttributes;

    public AwsGateway(MotoForwarder moto, CloudFrontPolicyApi policies, EventBridgeDelivery eventBridge, Invoker lambda,
               AsyncInvoker lambdaAsync,
               Consumer<List<String>> invalidations, DistributionConfigs distributions, LambdaAccountApi lambdaAccount,
               Consumer<String> asyncLog) {
        this.distributions = distributions;
        this.lambdaAccount = lambdaAccount;
        this.asyncLog = asyncLog;
        this.moto = moto;
        this.policies = policies;
        this.eventBridge = eventBridge;
        this.lambda = lambda;
        this.lambdaAsync = lambdaAsync;
        this.invalidations = invalidations;
        this.sqsAttributes = new SqsQueueAttributesApi(moto);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = Exchanges.body(exchange);
            SigV4.Credential credential = SigV4.parse(Exchanges.header(exchange, "Authorization"));
            String service = credential == null ? "" : credential.service();
            String path = exchange.getRequestURI().getPath();
            String target = Exchanges.header(exchange, "X-Amz-Target");
            if (path.equals(EventBridgeDelivery.SERVICE_EVENTS_PATH)) {
                serviceEvents(exchange, body);
            } else if (service.equals("cloudfront") && CloudFrontPolicyApi.handles(path)) {
                policies.handle(exchange, body);
            } else if (service.equals("events") && "AWSEvents.PutEvents".equals(target)) {
                putEvents(exchange, body);
            } else if (service.equals("lambda") && exchange.getRequestMethod().equals("POST")
                    && INVOKE.matcher(path).matches()) {
                invoke(exchange, body);
            } else if (service.equals("lambda") && LambdaAccountApi.handles(exchange.getRequestMethod(), path)) {
                lambdaAccount.handle(exchange, body);
            } else if (service.equals("cloudfront") && exchange.getRequestMethod().equals("POST")
                    && INVALIDATION.matcher(path).matches()) {
                // moto records the invalidation; the local edge drops its cached copies first, so that a client
                // which has the answer never gets a copy the invalidation removed (dropping is always safe)
                invalidations.accept(Xml.children(Xml.child(Xml.parse(body), "Paths", "Items"), "Path").stream()
                        .map(e -> e.getTextContent().trim()).toList());
                moto.forward(exchange, body);
            } else if (service.equals("sqs") && SqsQueueAttributesApi.handles(target)) {
                sqsAttributes.handle(exchange, target, body);
            } else if (service.equals("cloudfront")) {
                MotoForwarder.Response r = path.equals(CLOUDFRONT_TAGGING)
                        ? moto.callWithQuery(exchange,
                                CloudFrontArns.localizeResourceQuery(exchange.getRequestURI().getRawQuery()), body)
                        : moto.call(exchange, body);
                if (r != null) {
                    byte[] out = r.body();
                    if (DistributionConfigs.handles(exchange.getRequestMethod(), path)) {
                        out = distributions.afterMoto(exchange.getRequestMethod(), path, body, r.status(), out);
                    }
                    moto.reply(exchange, new MotoForwarder.Response(r.status(), r.headers(), CloudFrontArns.globalize(out)));
                }
            } else {
                moto.forward(exchange, body);
            }
        } catch (RuntimeException e) {
            System.err.println("gateway: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed: " + e);
            Exchanges.json(exchange, 500, Json.write(java.util.Map.of("__type", "InternalFailure",
                    "message", "cloud emulator: " + e)));
        }
    }

    private void putEvents(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        try {
            Exchanges.send(exchange, 200, "application/x-amz-json-1.1", eventBridge.putEvents(body));
        } catch (IllegalArgumentException e) {
            Exchanges.send(exchange, 400, "application/x-amz-json-1.1", Json.write(java.util.Map.of(
                    "__type", "ValidationException", "message", e.getMessage())));
        }
    }

    /**
     * Not an AWS API: the way in for events that AWS services put on the default bus themselves (source "aws.*",
     * which PutEvents refuses to everyone else). The IVS emulator delivers its events here, and fault tests use it
     * to inject IVS events; request and answer have PutEvents' JSON shape. See EventBridgeDelivery.
     */
    private void serviceEvents(HttpExchange exchange, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Exchanges.json(exchange, 405, Json.write(java.util.Map.of("message", "POST a PutEvents-shaped body")));
            return;
        }
        try {
            Exchanges.json(exchange, 200, eventBridge.putServiceEvents(body));
        } catch (IllegalArgumentException e) {
            Exchanges.json(exchange, 400, Json.write(java.util.Map.of("__type", "ValidationException",
                    "message", e.getMessage())));
        }
    }

    private void invoke(HttpExchange exchange, byte[] body) throws IOException {
        Matcher m = INVOKE.matcher(exchange.getRequestURI().getPath());
        m.matches();
        String function = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String qualifier = query(exchange.getRequestURI().getRawQuery(), "Qualifier");
        String type = Exchanges.header(exchange, "X-Amz-Invocation-Type");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        try {
            if ("DryRun".equals(type)) {
                Exchanges.send(exchange, 204, null, (byte[]) null);
            } else if ("Event".equals(type)) {
                String prefix = "invoke function=" + function + (qualifier == null ? "" : ":" + qualifier)
                        + " request=" + exchange.getResponseHeaders().getFirst("x-amzn-RequestId") + " ";
                lambdaAsync.invokeAsync(function, qualifier, body, line -> asyncLog.accept(prefix + line));
                Exchanges.send(exchange, 202, null, (byte[]) null);
            } else {
                InvokeResult r = lambda.invoke(function, qualifier, body);
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", r.executedVersion());
                if (r.failed()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", r.functionError());
                }
                Exchanges.send(exchange, 200, "application/json", r.payload());
            }
        } catch (TooManyRequestsException e) {
            // botocore lambda TooManyRequestsException: HTTP 429, members Type, message, Reason (ThrottleReason)
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
            Exchanges.json(exchange, 429, Json.write(java.util.Map.of("Type", "User", "message", e.getMessage(),
                    "Reason", e.reason())));
        } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ResourceNotFoundException");
            Exchanges.json(exchange, 404, Json.write(java.util.Map.of("Type", "User",
                    "Message", "Function not found: " + function + (qualifier == null ? "" : ":" + qualifier))));
        } catch (IllegalStateException | IOException e) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ServiceException");
            Exchanges.json(exchange, 500, Json.write(java.util.Map.of("Type", "Service",
                    "Message", "cloud emulator could not run " + function + ": " + e.getMessage())));
        }
    }

    static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}

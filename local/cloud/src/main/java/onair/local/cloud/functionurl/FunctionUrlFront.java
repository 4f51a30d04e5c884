package onair.local.cloud.functionurl;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import onair.local.cloud.aws.ControlPlaneCache;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.SigV4;
import onair.local.cloud.lambda.InvokeResult;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Plays https://&lt;url-id&gt;.lambda-url.&lt;region&gt;.on.aws for the function URLs stored in moto: picks the function
 * by Host, enforces AWS_IAM (SigV4 + the resource policy), builds a payload 2.0 event and maps the result to HTTP.
 * moto does not keep a URL's qualifier, so the URL invokes the {@value #URL_ALIAS} alias when it exists, else $LATEST.
 */
public final class FunctionUrlFront implements HttpHandler {
    static final String URL_ALIAS = "live";
    /** The caller states the distribution it acts for (locally there is no CloudFront service principal). */
    public static final String SOURCE_ARN_HEADER = "x-onair-source-arn";

    /** A function URL as moto stores it. */
    record UrlTarget(String functionName, String host, FunctionUrlAuthType authType) {
    }

    private final LambdaClient lambda;
    private final Invoker host;
    private final String account;
    private final String accessKey;
    private final String secretKey;
    private final Map<String, UrlTarget> byHost = new ConcurrentHashMap<>();

    private final ControlPlaneCache recent = new ControlPlaneCache(ControlPlaneCache.DEFAULT_TTL);

    public FunctionUrlFront(LambdaClient lambda, Invoker host, String account, String accessKey, String secretKey) {
        this.lambda = lambda;
        this.host = host;
        this.account = account;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = Exchanges.body(exchange);
            String hostHeader = Exchanges.header(exchange, "Host");
            UrlTarget target = target(hostHeader == null ? "" : hostHeader.replaceFirst(":\\d+$", ""));
            if (target == null) {
                forbidden(exchange);
                return;
            }
            String qualifier = qualifier(target.functionName());
            SigV4.Credential signer = null;
            if (target.authType() == FunctionUrlAuthType.AWS_IAM) {
                signer = SigV4.parse(Exchanges.header(exchange, "Authorization"));
                if (signer == null || !signer.service().equals("lambda") || !signer.accessKey().equals(accessKey)
                        || !SigV4.verify(signer, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        name -> Exchanges.header(exchange, name), body, secretKey)
                        || !signer.signedHeaders().contains(SOURCE_ARN_HEADER)
                        || !allowed(target.functionName(), qualifier,
                        Exchanges.header(exchange, SOURCE_ARN_HEADER))) {
                    forbidden(exchange);
                    return;
                }
            }
            var event = FunctionUrlEvents.event(exchange, body, target.host(), account, signer);
            InvokeResult result = host.invoke(target.functionName(), qualifier,
                    Json.write(event).getBytes(StandardCharsets.UTF_8));
            if (result.failed()) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "FunctionError");
                Exchanges.json(exchange, 502, "{\"Message\":\"Internal Server Error\"}");
                return;
            }
            send(exchange, FunctionUrlEvents.response(result.payload()));
        } catch (TooManyRequestsException e) {
            // Lambda throttles a function URL like any synchronous invoke: HTTP 429 ("Lambda function scaling",
            // https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html). The body is this front's usual
            // {"Message":...} shape with Lambda's throttle text; AWS does not document the URL's exact body.
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
            Exchanges.json(exchange, 429, "{\"Message\":\"Rate Exceeded.\"}");
        } catch (ResourceNotFoundException e) {
            Exchanges.json(exchange, 404, "{\"Message\":null}");
        } catch (RuntimeException | IOException e) {
            // the code could not be fetched or started: the service answers 502 as for a function error
            Exchanges.json(exchange, 502, Json.write(Map.of("Message", "Internal Server Error",
                    "cloudEmulator", String.valueOf(e.getMessage()))));
        }
    }

    private static void send(HttpExchange exchange, FunctionUrlEvents.HttpResult r) throws IOException {
        r.headers().forEach((k, v) -> {
            if (!k.equals("content-length") && !k.equals("transfer-encoding") && !k.equals("connection")) {
                exchange.getResponseHeaders().set(k, v);
            }
        });
        r.cookies().forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c));
        Exchanges.send(exchange, r.status(), null, r.body());
    }

    private static void forbidden(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
        Exchanges.json(exchange, 403, "{\"Message\":\"Forbidden\"}");
    }

    private String qualifier(String function) {
        return recent.get("qualifier|" + function, () -> aliasOrLatest(function));
    }

    private String aliasOrLatest(String function) {
        try {
            lambda.getAlias(b -> b.functionName(function).name(URL_ALIAS));
            return URL_ALIAS;
        } catch (ResourceNotFoundException e) {
            return "$LATEST";
        }
    }

    /** The resource policy must let cloudfront.amazonaws.com call InvokeFunctionUrl for this source ARN. */
    private boolean allowed(String function, String qualifier, String sourceArn) {
        if (sourceArn == null || sourceArn.isBlank()) {
            return false;
        }
        return recent.get("allowed|" + function + "|" + qualifier + "|" + sourceArn,
                () -> policyAllows(function, qualifier, sourceArn));
    }

    private boolean policyAllows(String function, String qualifier, String sourceArn) {
        for (String q : new String[] {qualifier, null}) {
            String policy;
            try {
                policy = lambda.getPolicy(b -> b.functionName(function).qualifier(
                        q == null || q.equals("$LATEST") ? null : q)).policy();
            } catch (ResourceNotFoundException e) {
                continue;
            }
            for (JsonNode st : Json.parse(policy).path("Statement")) {
                if (grants(st, sourceArn)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean grants(JsonNode st, String sourceArn) {
        if (!"Allow".equals(st.path("Effect").asText())) {
            return false;
        }
        JsonNode principal = st.path("Principal");
        String service = principal.isTextual() ? principal.asText() : principal.path("Service").asText();
        if (!service.equals("cloudfront.amazonaws.com")) {
            return false;
        }
        String action = st.path("Action").isArray() ? st.path("Action").toString() : st.path("Action").asText();
        if (!action.contains("lambda:InvokeFunctionUrl") && !action.contains("lambda:*")) {
            return false;
        }
        JsonNode condition = st.path("Condition");
        for (String op : new String[] {"ArnLike", "ArnEquals", "StringEquals", "StringLike"}) {
            JsonNode v = condition.path(op).path("AWS:SourceArn");
            if (!v.isMissingNode()) {
                String expected = v.asText();
                return expected.endsWith("*") ? sourceArn.startsWith(expected.substring(0, expected.length() - 1))
                        : expected.equals(sourceArn);
            }
        }
        // no SourceArn condition: any distribution may call (AWS allows it; other conditions such as
        // lambda:FunctionUrlAuthType=AWS_IAM hold because the URL is AWS_IAM)
        return true;
    }

    private UrlTarget target(String hostName) {
        String key = hostName.toLowerCase(Locale.ROOT);
        UrlTarget t = byHost.get(key);
        if (t != null) {
            return t;
        }
        refresh();
        t = byHost.get(key);
        if (t == null && !key.contains(".lambda-url.") && byHost.size() == 1) {
            // a plain http://127.0.0.1:<port>/ call: with one function URL there is no ambiguity
            t = byHost.values().iterator().next();
        }
        return t;
    }

    private void refresh() {
        byHost.clear();
        for (FunctionConfiguration f : lambda.listFunctionsPaginator().functions()) {
            try {
                GetFunctionUrlConfigResponse url = lambda.getFunctionUrlConfig(b -> b.functionName(f.functionName()));
                String urlHost = URI.create(url.functionUrl()).getHost().toLowerCase(Locale.ROOT);
                byHost.put(urlHost, new UrlTarget(f.functionName(), urlHost, url.authType()));
            } catch (ResourceNotFoundException e) {
                // this function has no URL
            }
        }
    }
}

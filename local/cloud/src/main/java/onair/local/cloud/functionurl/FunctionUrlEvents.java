package onair.local.cloud.functionurl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.SigV4;

/** Builds Lambda function URL payload 2.0 events and maps function results back to HTTP, as the service does. */
final class FunctionUrlEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** An HTTP response derived from a function result. */
    record HttpResult(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
    }

    private FunctionUrlEvents() {
    }

    static ObjectNode event(HttpExchange exchange, byte[] body, String urlHost, String account,
                            SigV4.Credential signer) {
        Instant now = Instant.now();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        ObjectNode headers = Json.object();
        ArrayNode cookies = Json.MAPPER.createArrayNode();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";\\s*")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                }
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        String requestId = UUID.randomUUID().toString();
        headers.put("host", urlHost);
        headers.put("x-forwarded-proto", "https");
        headers.put("x-forwarded-port", "443");
        headers.putIfAbsent("x-forwarded-for", Json.MAPPER.getNodeFactory().textNode(sourceIp));
        headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        if (!cookies.isEmpty()) {
            event.set("cookies", cookies);
        }
        event.set("headers", headers);
        Map<String, String> query = query(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("accountId", account);
        String urlId = urlHost.contains(".") ? urlHost.substring(0, urlHost.indexOf('.')) : urlHost;
        ctx.put("apiId", urlId);
        if (signer != null) {
            ObjectNode iam = ctx.putObject("authorizer").putObject("iam");
            iam.put("accessKey", signer.accessKey());
            iam.put("accountId", account);
            iam.put("callerId", "AROA" + signer.accessKey().toUpperCase(Locale.ROOT));
            iam.putNull("cognitoIdentity");
            iam.putNull("principalOrgId");
            iam.put("userArn", "arn:aws:sts::" + account + ":assumed-role/cloudfront/" + signer.accessKey());
            iam.put("userId", signer.accessKey());
        }
        ctx.put("domainName", urlHost);
        ctx.put("domainPrefix", urlId);
        ObjectNode http = ctx.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.path("user-agent").asText(""));
        ctx.put("requestId", requestId);
        ctx.put("routeKey", "$default");
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (body.length > 0) {
            boolean text = isText(headers.path("content-type").asText(""));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Function URL response rules: a JSON object with statusCode is a full response, anything else is the body. */
    static HttpResult response(byte[] payload) {
        JsonNode node;
        try {
            node = Json.parse(payload);
        } catch (IllegalArgumentException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.has("statusCode")) {
            return new HttpResult(200, Map.of("content-type", "application/json"), List.of(), payload);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT),
                e.getValue().asText()));
        node.path("multiValueHeaders").fields().forEachRemaining(e -> {
            StringBuilder joined = new StringBuilder();
            e.getValue().forEach(v -> joined.append(joined.length() == 0 ? "" : ",").append(v.asText()));
            headers.put(e.getKey().toLowerCase(Locale.ROOT), joined.toString());
        });
        List<String> cookies = new java.util.ArrayList<>();
        node.path("cookies").forEach(c -> cookies.add(c.asText()));
        byte[] body = new byte[0];
        JsonNode b = node.get("body");
        if (b != null && !b.isNull()) {
            body = node.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(b.asText()) : b.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpResult(node.get("statusCode").asInt(200), headers, cookies, body);
    }

    private static boolean isText(String contentType) {
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.isEmpty() || ct.startsWith("text/") || ct.contains("json") || ct.contains("xml")
                || ct.contains("javascript") || ct.contains("x-www-form-urlencoded");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, c) -> a + "," + c);
        }
        return out;
    }
}

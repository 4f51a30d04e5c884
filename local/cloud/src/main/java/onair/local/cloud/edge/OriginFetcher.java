package onair.local.cloud.edge;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import onair.local.cloud.aws.SigV4;
import onair.local.cloud.aws.Xml;
import onair.local.cloud.cloudfront.DistributionSource;
import onair.local.cloud.functionurl.FunctionUrlFront;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudfront.model.Origin;

/**
 * The edge's origin side: S3 origins are read from moto path-style with a SigV4 "s3" signature, function URL origins
 * go to the local function URL front with the URL host and a SigV4 "lambda" signature, as CloudFront OAC signs.
 * Query strings and headers are forwarded per the origin request and cache policies.
 */
public final class OriginFetcher {
    static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive",
            "date", "server", "host", "upgrade", "expect", "te", "trailer");

    private final HttpClient http;
    private final URI moto;
    private final URI functionUrlFront;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    public OriginFetcher(HttpClient http, URI moto, URI functionUrlFront, String region, String accessKey, String secretKey) {
        this.http = http;
        this.moto = moto;
        this.functionUrlFront = functionUrlFront;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** The query parameters a policy keeps: none / all / whitelist / allExcept. */
    static List<String> keptQuery(String rawQuery, Element config, String behaviorField, String listField) {
        List<String> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty() || config == null) {
            return out;
        }
        String behavior = Xml.text(config, behaviorField);
        List<String> names = Xml.items(config, listField);
        for (String pair : rawQuery.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            boolean keep = switch (behavior == null ? "none" : behavior) {
                case "all" -> true;
                case "whitelist" -> names.contains(name);
                case "allExcept" -> !names.contains(name);
                default -> false;
            };
            if (keep) {
                out.add(pair);
            }
        }
        out.sort(null);
        return out;
    }

    OriginResponse fetch(DistributionSource.Snapshot d, EdgeBehavior b, String method, String path, String rawQuery,
                          HttpExchange exchange, byte[] body, Element cachePolicy, Element requestPolicy) {
        Origin origin = d.config().origins().items().stream().filter(o -> o.id().equals(b.targetOriginId()))
                .findFirst().orElse(null);
        if (origin == null) {
            return error(502, "The behaviour's target origin " + b.targetOriginId() + " does not exist.");
        }
        String originPath = (origin.originPath() == null ? "" : origin.originPath()) + path;
        String domain = origin.domainName().toLowerCase(Locale.ROOT);
        try {
            if (domain.contains(".lambda-url.")) {
                Integer read = origin.customOriginConfig() == null ? null : origin.customOriginConfig().originReadTimeout();
                return fetchFunctionUrl(d, domain, method, originPath, rawQuery, exchange, body, cachePolicy,
                        requestPolicy, Duration.ofSeconds(read == null || read <= 0 ? 30 : read));
            }
            int s3 = domain.indexOf(".s3.");
            if (s3 < 0) {
                s3 = domain.indexOf(".s3-");
            }
            if (s3 > 0) {
                return fetchS3(domain.substring(0, s3), method, originPath);
            }
            return error(502, "The local edge cannot reach custom origin " + domain + ".");
        } catch (HttpConnectTimeoutException e) {
            return error(504, "CloudFront attempted to establish a connection with the origin, but either the"
                    + " attempt failed or the origin closed the connection (" + domain + ").");
        } catch (HttpTimeoutException e) {
            return error(504, "The origin did not answer in time (" + domain + ").");
        } catch (IOException e) {
            return error(502, "CloudFront wasn't able to connect to the origin (" + domain + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(502, "interrupted");
        }
    }

    /** S3 origin through OAC: a SigV4-signed path-style GET against moto. */
    private OriginResponse fetchS3(String bucket, String method, String path) throws IOException, InterruptedException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(403, "S3 origins accept only GET and HEAD through this distribution.");
        }
        String rawPath = "/" + bucket + path;
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", moto.getAuthority());
        SigV4.sign(method, rawPath, null, headers, new byte[0], region, "s3", accessKey, secretKey, ZonedDateTime.now());
        return send(URI.create(moto + rawPath), method, headers, new byte[0], Duration.ofSeconds(30));
    }

    /** Lambda origin through OAC: SigV4 (service lambda) with the URL host, as CloudFront signs for Lambda OAC. */
    private OriginResponse fetchFunctionUrl(DistributionSource.Snapshot d, String urlHost, String method, String path,
                                     String rawQuery, HttpExchange exchange, byte[] body, Element cachePolicy,
                                     Element requestPolicy, Duration readTimeout)
            throws IOException, InterruptedException {
        Map<String, String> headers = new TreeMap<>();
        Element cacheParams = Xml.child(cachePolicy, "ParametersInCacheKeyAndForwardedToOrigin");
        List<String> query = new ArrayList<>(keptQuery(rawQuery, Xml.child(requestPolicy, "QueryStringsConfig"),
                "QueryStringBehavior", "QueryStrings"));
        for (String q : keptQuery(rawQuery, Xml.child(cacheParams, "QueryStringsConfig"), "QueryStringBehavior",
                "QueryStrings")) {
            if (!query.contains(q)) {
                query.add(q);
            }
        }
        query.sort(null);
        String forwardQuery = query.isEmpty() ? null : String.join("&", query);
        String headerBehavior = Xml.text(Xml.child(requestPolicy, "HeadersConfig"), "HeaderBehavior");
        List<String> named = new ArrayList<>(Xml.items(Xml.child(requestPolicy, "HeadersConfig"), "Headers"));
        named.addAll(Xml.items(Xml.child(cacheParams, "HeadersConfig"), "Headers"));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean forward = switch (headerBehavior == null ? "none" : headerBehavior) {
                case "allViewer", "allViewerAndWhitelistCloudFront" -> true;
                case "allExcept" -> named.stream().noneMatch(n -> n.equalsIgnoreCase(lower));
                default -> named.stream().anyMatch(n -> n.equalsIgnoreCase(lower));
            };
            if (forward && !HOP.contains(lower) && !lower.equals("authorization") && !lower.startsWith("x-amz-")) {
                headers.put(lower, String.join(",", values));
            }
        });
        headers.put("host", urlHost);
        headers.put("via", "1.1 local.cloudfront.net (CloudFront)");
        headers.put("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
        headers.put(FunctionUrlFront.SOURCE_ARN_HEADER, d.arn());
        SigV4.sign(method, path, forwardQuery, headers, body, region, "lambda", accessKey, secretKey,
                ZonedDateTime.now());
        return send(URI.create(functionUrlFront + path + (forwardQuery == null ? "" : "?" + forwardQuery)), method,
                headers, body, readTimeout);
    }

    private OriginResponse send(URI uri, String method, Map<String, String> headers, byte[] body, Duration readTimeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(readTimeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        TreeMap<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().map().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") && method.equals("HEAD")) {
                out.put("Content-Length", v);
            } else if (!HOP.contains(lower) && !k.startsWith(":") && !lower.equals("x-amz-request-id")
                    && !lower.equals("x-amz-id-2") && !lower.equals("x-amzn-requestid")
                    && !lower.equals("x-amz-content-sha256")) {
                out.put(k, v);
            }
        });
        return new OriginResponse(r.statusCode(), out, r.body());
    }

    static OriginResponse error(int status, String message) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Content-Type", List.of("text/html"));
        String title = status + " ERROR";
        String html = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<HTML><HEAD><TITLE>" + title
                + "</TITLE></HEAD><BODY>\n<H1>" + title + "</H1>\n<H2>The request could not be satisfied.</H2>\n"
                + Xml.escape(message) + "\n<HR noshade size=\"1px\">\nGenerated by cloudfront (local edge)\n</BODY></HTML>";
        return new OriginResponse(status, h, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

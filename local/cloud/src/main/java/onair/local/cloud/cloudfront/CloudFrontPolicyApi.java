package onair.local.cloud.cloudfront;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import onair.local.cloud.aws.Exchanges;
import onair.local.cloud.aws.Xml;
import org.w3c.dom.Element;

/**
 * The CloudFront REST-XML operations for cache, response headers and origin request policies
 * (Create/Get/GetConfig/Update/Delete/List), shaped like the real 2020-05-31 API so the Terraform provider accepts them.
 */
public final class CloudFrontPolicyApi {
    static final String VERSION = "2020-05-31";
    private static final String NS = "http://cloudfront.amazonaws.com/doc/" + VERSION + "/";

    private final PolicyStore store;

    public CloudFrontPolicyApi(PolicyStore store) {
        this.store = store;
    }

    /** True when the path is one of ours: /2020-05-31/{cache|response-headers|origin-request}-policy[/id[/config]]. */
    public static boolean handles(String path) {
        String[] parts = path.split("/");
        return parts.length >= 3 && parts[1].equals(VERSION) && PolicyKind.fromPath(parts[2]) != null;
    }

    public void handle(HttpExchange exchange, byte[] body) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        PolicyKind kind = PolicyKind.fromPath(parts[2]);
        String id = parts.length > 3 ? parts[3] : null;
        boolean config = parts.length > 4 && parts[4].equals("config");
        String method = exchange.getRequestMethod();
        try {
            if (id == null && method.equals("POST")) {
                PolicyStore.Policy p = store.create(kind, parseConfig(body));
                exchange.getResponseHeaders().set("Location",
                        "https://cloudfront.amazonaws.com/" + VERSION + "/" + kind.pathSegment + "/" + p.id());
                reply(exchange, 201, p, wrapper(kind, p));
            } else if (id == null && method.equals("GET")) {
                String type = queryValue(exchange, "Type");
                List<PolicyStore.Policy> list = "managed".equals(type) ? List.of() : store.list(kind);
                reply(exchange, 200, null, list(kind, list));
            } else if (id != null && method.equals("GET")) {
                PolicyStore.Policy p = store.get(kind, id).orElseThrow(() -> notFound(kind));
                reply(exchange, 200, p, config ? p.config() : wrapper(kind, p));
            } else if (id != null && !config && method.equals("PUT")) {
                PolicyStore.Policy p = store.update(kind, id, Exchanges.header(exchange, "If-Match"),
                        parseConfig(body));
                reply(exchange, 200, p, wrapper(kind, p));
            } else if (id != null && !config && method.equals("DELETE")) {
                store.delete(kind, id, Exchanges.header(exchange, "If-Match"));
                exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
                Exchanges.send(exchange, 204, null, (byte[]) null);
            } else {
                error(exchange, 405, "MethodNotAllowed", method + " is not supported on " + kind.pathSegment);
            }
        } catch (PolicyStore.Conflict c) {
            error(exchange, c.status, c.code, c.getMessage());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "MalformedInput", e.getMessage());
        }
    }

    private static Element parseConfig(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("request body is empty");
        }
        return Xml.parse(body);
    }

    private static PolicyStore.Conflict notFound(PolicyKind kind) {
        return new PolicyStore.Conflict(404, kind.noSuch(),
                "The " + kind.pathSegment.replace('-', ' ') + " does not exist.");
    }

    private static String wrapper(PolicyKind kind, PolicyStore.Policy p) {
        return "<" + kind.element + " xmlns=\"" + NS + "\"><Id>" + p.id() + "</Id><LastModifiedTime>"
                + p.lastModified() + "</LastModifiedTime>" + p.config() + "</" + kind.element + ">";
    }

    private static String list(PolicyKind kind, List<PolicyStore.Policy> policies) {
        StringBuilder xml = new StringBuilder("<" + kind.element + "List xmlns=\"" + NS + "\"><MaxItems>100</MaxItems>"
                + "<Quantity>" + policies.size() + "</Quantity>");
        if (!policies.isEmpty()) {
            xml.append("<Items>");
            for (PolicyStore.Policy p : policies) {
                xml.append("<").append(kind.element).append("Summary><Type>custom</Type>")
                        .append(wrapper(kind, p).replace(" xmlns=\"" + NS + "\"", ""))
                        .append("</").append(kind.element).append("Summary>");
            }
            xml.append("</Items>");
        }
        return xml.append("</").append(kind.element).append("List>").toString();
    }

    private static void reply(HttpExchange exchange, int status, PolicyStore.Policy p, String xml) throws IOException {
        if (p != null) {
            exchange.getResponseHeaders().set("ETag", p.etag());
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        Exchanges.send(exchange, status, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml);
    }

    static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        Exchanges.send(exchange, status, "text/xml", "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS
                + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + Xml.escape(message)
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>");
    }

    private static String queryValue(HttpExchange exchange, String name) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}

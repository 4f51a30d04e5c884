package onair.local.cloud.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Passes a request to moto unchanged (method, path, query, headers incl. Host and Authorization, body) and
 * copies moto's answer back (status, headers, body). Bodies are buffered so Content-Length stays exact.
 */
public final class MotoForwarder {
    /** Hop-by-hop or computed headers the JDK client sets itself. */
    private static final Set<String> SKIP_REQUEST = Set.of("connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer");
    private static final Set<String> SKIP_RESPONSE = Set.of("connection", "content-length", "transfer-encoding",
            "keep-alive", "date", "server");

    private final URI moto;
    private final HttpClient client;

    public MotoForwarder(URI moto, HttpClient client) {
        this.moto = moto;
        this.client = client;
    }

    /** moto's answer to a forwarded request, before it is copied back. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    public void forward(HttpExchange exchange, byte[] body) throws IOException {
        Response r = call(exchange, body);
        if (r != null) {
            reply(exchange, r);
        }
    }

    /** Sends the request to moto; null when moto is unreachable (the 502 has then been sent already). */
    public Response call(HttpExchange exchange, byte[] body) throws IOException {
        return send(exchange, exchange.getRequestURI().getRawQuery(), null, body);
    }

    /**
     * The request with another JSON-protocol operation ({@code X-Amz-Target}) and body: a read the gateway makes
     * on the caller's behalf, with the caller's credentials (moto does not check signatures).
     */
    public Response call(HttpExchange exchange, String amzTarget, byte[] body) throws IOException {
        return send(exchange, exchange.getRequestURI().getRawQuery(), amzTarget, body);
    }

    /** The request with another query string (e.g. a resource ARN in moto's own spelling). */
    public Response callWithQuery(HttpExchange exchange, String rawQuery, byte[] body) throws IOException {
        return send(exchange, rawQuery, null, body);
    }

    private Response send(HttpExchange exchange, String rawQuery, String amzTarget, byte[] body) throws IOException {
        URI in = exchange.getRequestURI();
        String target = moto + in.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofMinutes(5))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (SKIP_REQUEST.contains(h.getKey().toLowerCase())
                    || (amzTarget != null && h.getKey().equalsIgnoreCase("X-Amz-Target"))) {
                continue;
            }
            for (String v : h.getValue()) {
                request.header(h.getKey(), v);
            }
        }
        if (amzTarget != null) {
            request.header("X-Amz-Target", amzTarget);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        } catch (IOException e) {
            Exchanges.send(exchange, 502, "application/json",
                    "{\"message\":\"cloud emulator could not reach moto at " + moto + ": " + e + "\"}");
            return null;
        }
    }

    public void reply(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, values) -> {
            if (!SKIP_RESPONSE.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] out = response.body();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-length"))
                    .findFirst().ifPresent(e -> exchange.getResponseHeaders().put("Content-Length", e.getValue()));
        }
        int status = response.status();
        boolean noBody = head || out.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
        exchange.close();
    }
}

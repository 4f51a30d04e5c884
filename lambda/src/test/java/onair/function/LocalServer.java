package onair.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status function as a plain HTTP server for local use: each request becomes the same payload-2.0 event a
 * function URL would send and goes through the same handler the Lambda runtime uses, so there is no second
 * (Netty) server stack to drift from production. Binds 127.0.0.1 only.
 * A development tool, so it lives with the tests and never ships in the function zip. Usage (lambda/README.md):
 * {@code mvn -pl lambda test-compile exec:java -Dexec.mainClass=onair.function.LocalServer -Dexec.args=[port]}
 * with AWS_ENDPOINT_URL_SSM pointing at moto.
 */
public final class LocalServer implements AutoCloseable {

    private final APIGatewayV2HTTPEventFunction function;
    private final HttpServer server;

    private LocalServer(APIGatewayV2HTTPEventFunction function, HttpServer server) {
        this.function = function;
        this.server = server;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        LocalServer local = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(local::close));
        System.out.println("onair status API on http://127.0.0.1:" + local.port() + "/api/stream");
    }

    /** Starts on 127.0.0.1:{@code port} (0 = a free port chosen by the kernel). */
    public static LocalServer start(int port) throws IOException {
        APIGatewayV2HTTPEventFunction function = new APIGatewayV2HTTPEventFunction();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> serve(function, exchange));
        server.start();
        return new LocalServer(function, server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        function.close();
    }

    private static void serve(APIGatewayV2HTTPEventFunction function, HttpExchange exchange) throws IOException {
        try (exchange) {
            APIGatewayV2HTTPResponse response = function.handleRequest(toEvent(exchange), null);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            }
            if (response.getMultiValueHeaders() != null) {
                response.getMultiValueHeaders().forEach((k, v) -> exchange.getResponseHeaders().put(k, v));
            }
            byte[] body = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            boolean noBody = body.length == 0 || response.getStatusCode() == 304
                    || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.getStatusCode(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String query = exchange.getRequestURI().getRawQuery();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(query == null ? "" : query)
                .withHeaders(headers)
                .withCookies(headers.containsKey("cookie") ? List.of(headers.get("cookie").split("; ")) : null)
                .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(exchange.getRequestURI().getRawPath())
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .build())
                        .withRequestId("local-" + System.nanoTime())
                        .withStage("$default")
                        .build())
                .build();
    }
}

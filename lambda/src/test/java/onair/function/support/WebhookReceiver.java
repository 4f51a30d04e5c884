package onair.function.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Webhook endpoints (and SNS http subscriptions) on 127.0.0.1 for the notification tests: every POST is recorded
 * with its path, body and what {@code stateAtArrival} said at that moment. The path picks the answer: {@code /fail…}
 * 500, {@code /slow…} 204 after 15 s (far past any webhook timeout: the function stops waiting), {@code /close…} no
 * answer at all (the connection just ends), anything else 204.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST the receiver got: its path, body and the state at its arrival. */
    public record Hit(String path, String body, String statusAtArrival) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    public WebhookReceiver(Supplier<String> stateAtArrival) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hits.add(new Hit(path, body, stateAtArrival.get()));
            if (path.startsWith("/close")) {
                exchange.close(); // no status line, no body
                return;
            }
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(path.startsWith("/fail") ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of {@code path} on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Hit> hits() {
        return hits;
    }

    public List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    public void clear() {
        hits.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

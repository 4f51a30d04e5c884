package onair.function.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moto has no IVS GetStream (the team's IVS emulator lives in another module), so the reconcile tests answer
 * GetStream from a real HTTP server speaking the IVS REST-JSON wire format the SDK parses: LIVE, or the
 * ChannelNotBroadcasting error.
 */
public final class FakeIvs implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger getStreamCalls = new AtomicInteger();
    private volatile boolean live = true;
    private volatile String streamId = "st-1A2b3c4D5e6F78ghij9Klmn";
    private volatile String startTime = "2026-01-01T12:00:00Z";
    private volatile long viewerCount = 3;

    public FakeIvs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/GetStream", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                getStreamCalls.incrementAndGet();
                String body;
                int status;
                if (live) {
                    status = 200;
                    body = "{\"stream\":{\"channelArn\":\"" + FunctionHarness.CHANNEL + "\",\"health\":\"HEALTHY\","
                            + "\"playbackUrl\":\"" + FunctionHarness.PLAYBACK + "\",\"startTime\":\"" + startTime + "\","
                            + "\"state\":\"LIVE\",\"streamId\":\"" + streamId + "\",\"viewerCount\":" + viewerCount
                            + "}}";
                } else {
                    status = 404;
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "ChannelNotBroadcasting");
                    body = "{\"exceptionMessage\":\"Channel is not broadcasting\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void live(boolean isLive) {
        this.live = isLive;
    }

    /** The live stream GetStream reports (id, start time) and its viewerCount (-1 = IVS timed out counting). */
    public void stream(String id, String started, long viewers) {
        this.streamId = id;
        this.startTime = started;
        this.viewerCount = viewers;
    }

    public void reset() {
        stream("st-1A2b3c4D5e6F78ghij9Klmn", "2026-01-01T12:00:00Z", 3);
        live = true;
    }

    public int getStreamCalls() {
        return getStreamCalls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

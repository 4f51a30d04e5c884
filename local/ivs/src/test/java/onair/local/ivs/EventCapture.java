package onair.local.ivs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny stand-in for the cloud emulator's service-event endpoint (PutEvents-shaped JSON, POST
 * /_onair/aws-service-events) that records what it receives, so the tests can check the events the emulator
 * really sent over the wire. The IVS emulator must never use PutEvents for aws.* events (AWS refuses them there).
 */
final class EventCapture implements AutoCloseable {

    /** One received entry. */
    record Entry(String source, String detailType, List<String> resources, double time, JsonNode detail, java.time.Instant received) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final List<Entry> entries = new ArrayList<>();
    private volatile int failNext;

    EventCapture() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            byte[] reply;
            int status;
            if (failNext > 0) {
                failNext--;
                status = 500;
                reply = "{\"__type\":\"InternalException\",\"message\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8);
            } else if (!"POST".equals(ex.getRequestMethod())
                    || !onair.local.ivs.events.EventBridgePublisher.SERVICE_EVENTS_PATH.equals(path)) {
                status = 404;
                reply = ("{\"message\":\"not the service-event endpoint: " + ex.getRequestMethod() + " " + path + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                JsonNode req = mapper.readTree(body);
                for (JsonNode e : req.get("Entries")) {
                    List<String> resources = new ArrayList<>();
                    e.get("Resources").forEach(r -> resources.add(r.asText()));
                    synchronized (entries) {
                        entries.add(new Entry(e.get("Source").asText(), e.get("DetailType").asText(), resources,
                                e.get("Time").asDouble(), mapper.readTree(e.get("Detail").asText()), java.time.Instant.now()));
                    }
                }
                status = 200;
                reply = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"test\"}]}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(status, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next n requests fail with 500 (to exercise the publisher's retries). */
    void failNext(int n) {
        failNext = n;
    }

    List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Names in arrival order: event_name for stream events, recording_status for recording events. */
    List<String> names(String streamId) {
        return entries().stream()
                .filter(e -> streamId == null || streamId.equals(e.detail().path("stream_id").asText()))
                .map(e -> e.detail().has("event_name") ? e.detail().get("event_name").asText()
                        : e.detail().path("recording_status").asText())
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package onair.local.ivs.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts IVS events (source aws.ivs) on the default event bus the way IVS itself does, one at a time on one thread
 * so they leave in the order they happened. In AWS nobody but the service may put an "aws.*" event: EventBridge
 * PutEvents refuses it (entry error NotAuthorizedForSourceException). So this does NOT call PutEvents: it posts
 * to the cloud emulator's service-event endpoint ({@value #SERVICE_EVENTS_PATH}, not an AWS API; PutEvents-shaped
 * JSON), which models AWS's own delivery of service events. A failed send is retried with backoff and then logged
 * and dropped: like real IVS delivery it is best effort, and a broken event bus must never break a stream.
 */
public final class EventBridgePublisher implements EventSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class.getName());
    private static final int ATTEMPTS = 4;
    private static final int RECENT = 200;

    /** The cloud emulator's way in for AWS service events (see local/cloud EventBridgeDelivery). */
    public static final String SERVICE_EVENTS_PATH = "/_onair/aws-service-events";

    private final URI serviceEvents;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper;
    private final String region;
    private final String account;
    private final long backoffMillis;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ivs-events");
        t.setDaemon(true);
        return t;
    });
    private final Deque<ObjectNode> recent = new ArrayDeque<>();

    /**
     * {@code eventBus}: the cloud emulator's gateway (events go to its {@value #SERVICE_EVENTS_PATH}); may be null:
     * events are then only logged and kept for /_emulator/events.
     */
    public EventBridgePublisher(URI eventBus, ObjectMapper mapper, String region, String account, long backoffMillis) {
        this.serviceEvents = eventBus == null ? null : eventBus.resolve(SERVICE_EVENTS_PATH);
        this.mapper = mapper;
        this.region = region;
        this.account = account;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public void publish(IvsEvent event) {
        remember(event);
        LOG.info(() -> "event " + event.detailType() + " " + event.detail());
        if (serviceEvents != null) {
            sender.execute(() -> send(event));
        }
    }

    private void send(IvsEvent event) {
        byte[] body;
        try {
            // PutEvents' request shape: Time in epoch seconds as the AWS SDKs send it
            ObjectNode entry = mapper.createObjectNode();
            entry.put("Source", "aws.ivs");
            entry.put("DetailType", event.detailType());
            entry.putArray("Resources").add(event.channelArn());
            entry.put("Time", event.time().getEpochSecond() + event.time().getNano() / 1e9);
            entry.put("Detail", mapper.writeValueAsString(event.detail()));
            ObjectNode request = mapper.createObjectNode();
            request.putArray("Entries").add(entry);
            body = mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            LOG.log(Level.SEVERE, "cannot serialise event " + event, e);
            return;
        }
        long wait = backoffMillis;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(serviceEvents)
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode answer = mapper.readTree(r.body());
                    if (answer.path("FailedEntryCount").asInt(-1) == 0) {
                        return;
                    }
                    ArrayNode entries = answer.withArray("Entries");
                    LOG.warning("event bus rejected " + event.detailType() + ": " + entries);
                } else {
                    LOG.warning("event bus attempt " + attempt + "/" + ATTEMPTS + ": HTTP " + r.statusCode() + " "
                            + r.body());
                }
            } catch (IOException e) {
                LOG.warning("event bus attempt " + attempt + "/" + ATTEMPTS + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < ATTEMPTS) {
                sleep(wait);
                wait *= 2;
            }
        }
        LOG.severe("IVS event dropped after " + ATTEMPTS + " attempts: " + event);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The full event as EventBridge would deliver it, kept for the admin endpoint. */
    private synchronized void remember(IvsEvent event) {
        ObjectNode n = mapper.createObjectNode();
        n.put("version", "0");
        n.put("detail-type", event.detailType());
        n.put("source", "aws.ivs");
        n.put("account", account);
        n.put("time", event.time().toString());
        n.put("region", region);
        n.putArray("resources").add(event.channelArn());
        n.set("detail", mapper.valueToTree(event.detail()));
        recent.addLast(n);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    public synchronized List<ObjectNode> recent() {
        return List.copyOf(recent);
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

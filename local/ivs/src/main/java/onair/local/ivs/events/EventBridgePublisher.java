package onair.local.ivs.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Sends IVS events with EventBridge PutEvents (source aws.ivs), one at a time on one thread so they leave in
 * the order they happened. A failed send is retried with backoff and then logged and dropped: like real
 * IVS delivery it is best effort, and a broken event bus must never break a stream.
 */
public final class EventBridgePublisher implements EventSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class.getName());
    private static final int ATTEMPTS = 4;
    private static final int RECENT = 200;

    private final EventBridgeClient client;
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

    /** client may be null: events are then only logged and kept for /_emulator/events. */
    public EventBridgePublisher(EventBridgeClient client, ObjectMapper mapper, String region, String account, long backoffMillis) {
        this.client = client;
        this.mapper = mapper;
        this.region = region;
        this.account = account;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public void publish(IvsEvent event) {
        remember(event);
        LOG.info(() -> "event " + event.detailType() + " " + event.detail());
        if (client != null) {
            sender.execute(() -> send(event));
        }
    }

    private void send(IvsEvent event) {
        PutEventsRequestEntry entry;
        try {
            entry = PutEventsRequestEntry.builder()
                    .source("aws.ivs")
                    .detailType(event.detailType())
                    .resources(event.channelArn())
                    .time(event.time())
                    .detail(mapper.writeValueAsString(event.detail()))
                    .build();
        } catch (JsonProcessingException e) {
            LOG.log(Level.SEVERE, "cannot serialise event " + event, e);
            return;
        }
        long wait = backoffMillis;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                PutEventsResponse r = client.putEvents(b -> b.entries(entry));
                if (r.failedEntryCount() == null || r.failedEntryCount() == 0) {
                    return;
                }
                LOG.warning("PutEvents rejected " + event.detailType() + ": " + r.entries());
            } catch (RuntimeException e) {
                LOG.warning("PutEvents attempt " + attempt + "/" + ATTEMPTS + " failed: " + e);
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
        if (client != null) {
            client.close();
        }
    }
}

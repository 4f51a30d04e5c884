package onair.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import onair.local.cloud.aws.Json;
import onair.local.cloud.lambda.AsyncInvoker;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * EventBridge PutEvents (AWS JSON 1.1): builds each event's envelope like EventBridge, matches it against the
 * rules stored in moto, invokes Lambda targets asynchronously through the {@link AsyncInvoker} and sends to SQS
 * targets ({@link SqsTargetDelivery}).
 * Every delivery attempt is logged to work-dir/eventbridge.log.
 * <p>
 * Sources beginning "aws." belong to AWS services: PutEvents refuses such an entry, per entry and not as a request
 * error (botocore events 2015-10-07 {@code PutEventsResultEntry.ErrorCode}: "NotAuthorizedForSourceException - You
 * do not have permissions to publish events with this source onto this event bus", one of the non-retryable entry
 * errors; PutEvents itself declares only InternalException). The answer is HTTP 200 with {@code FailedEntryCount}
 * and, for that entry, {@code ErrorCode}/{@code ErrorMessage} "Not authorized for the source." as AWS answers it
 * (e.g. quoted from a real account in aws-samples/serverless-patterns pull request 3089). AWS services put their
 * events by themselves; locally that way in is {@link #SERVICE_EVENTS_PATH}, which is not an AWS API.
 */
public final class EventBridgeDelivery {
    /** The emulator's own endpoint for AWS service events (the IVS emulator, fault tests). Not an AWS API. */
    public static final String SERVICE_EVENTS_PATH = "/_onair/aws-service-events";
    static final String RESERVED_SOURCE_PREFIX = "aws.";

    private final EventBridgeClient events;
    private final AsyncInvoker lambda;
    private final SqsTargetDelivery queues;
    private final String region;
    private final String account;
    private final Path log;

    public EventBridgeDelivery(EventBridgeClient events, AsyncInvoker lambda, SqsTargetDelivery queues, String region,
                        String account, Path log) {
        this.events = events;
        this.lambda = lambda;
        this.queues = queues;
        this.region = region;
        this.account = account;
        this.log = log;
    }

    /** Handles the PutEvents request body; returns the response body. Bad input raises IllegalArgumentException. */
    public String putEvents(byte[] body) {
        return put(body, false);
    }

    /**
     * Events an AWS service puts on the bus itself (models AWS's own delivery of service events, which no API
     * caller can do): the same request and answer shapes as PutEvents, but only for "aws.*" sources.
     */
    public String putServiceEvents(byte[] body) {
        return put(body, true);
    }

    private String put(byte[] body, boolean service) {
        JsonNode request = Json.parse(body);
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw new IllegalArgumentException("Entries must hold 1 to 10 events");
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            boolean reserved = entry.path("Source").asText("").startsWith(RESERVED_SOURCE_PREFIX);
            if (reserved != service) {
                failed++;
                write("refused event source=\"" + entry.path("Source").asText("") + "\" through "
                        + (service ? "the service-event endpoint (only aws.* sources)" : "PutEvents (aws.* is reserved)"));
                result.put("ErrorCode", service ? "InvalidArgument" : "NotAuthorizedForSourceException");
                result.put("ErrorMessage", service ? "only AWS service sources (aws.*) come this way; use PutEvents"
                        : "Not authorized for the source.");
                continue;
            }
            try {
                ObjectNode event = envelope(entry);
                deliver(entry.path("EventBusName").asText("default"), event);
                result.put("EventId", event.get("id").asText());
            } catch (IllegalArgumentException e) {
                failed++;
                result.put("ErrorCode", "MalformedDetail");
                result.put("ErrorMessage", e.getMessage());
            }
        }
        response.put("FailedEntryCount", failed);
        return Json.write(response);
    }

    ObjectNode envelope(JsonNode entry) {
        String source = text(entry, "Source");
        String detailType = text(entry, "DetailType");
        String detail = text(entry, "Detail");
        JsonNode detailJson = Json.parse(detail);
        if (!detailJson.isObject()) {
            throw new IllegalArgumentException("Detail must be a JSON object");
        }
        Instant time = Instant.now();
        if (entry.hasNonNull("Time")) {
            JsonNode t = entry.get("Time");
            try {
                // the SDKs send epoch seconds (number); accept ISO-8601 too
                time = t.isNumber() ? Instant.ofEpochMilli((long) (t.asDouble() * 1000)) : Instant.parse(t.asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Time is not a timestamp: " + t);
            }
        }
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", account);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        ArrayNode resources = event.putArray("resources");
        entry.path("Resources").forEach(resources::add);
        event.set("detail", detailJson);
        return event;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return v.asText();
    }

    private void deliver(String bus, ObjectNode event) {
        String busName = bus.startsWith("arn:") ? bus.substring(bus.lastIndexOf('/') + 1) : bus;
        byte[] payload = Json.write(event).getBytes(StandardCharsets.UTF_8);
        for (Rule rule : rules(busName)) {
            if (rule.state() == RuleState.DISABLED || rule.eventPattern() == null) {
                continue;
            }
            boolean matched;
            try {
                matched = EventPattern.parse(rule.eventPattern()).matches(event);
            } catch (IllegalArgumentException e) {
                write("rule=" + rule.name() + " event=" + event.get("id").asText() + " pattern error: " + e.getMessage());
                continue;
            }
            if (!matched) {
                continue;
            }
            for (Target target : events.listTargetsByRule(b -> b.rule(rule.name()).eventBusName(busName)).targets()) {
                String arn = target.arn();
                String prefix = "rule=" + rule.name() + " target=" + arn + " event=" + event.get("id").asText()
                        + " detail-type=\"" + event.get("detail-type").asText() + "\" ";
                byte[] input = target.input() != null ? target.input().getBytes(StandardCharsets.UTF_8) : payload;
                if (arn.contains(":sqs:")) {
                    sendToQueue(rule, target, new String(input, StandardCharsets.UTF_8), prefix);
                    continue;
                }
                if (!arn.contains(":lambda:")) {
                    write(prefix + "skipped: only Lambda and SQS targets are delivered locally");
                    continue;
                }
                write(prefix + "matched; invoking asynchronously");
                lambda.invokeAsync(arn, null, input, line -> write(prefix + line));
            }
        }
    }

    /**
     * One SendMessage, in PutEvents' own thread so that events of one caller reach the queue in the order sent.
     * A refusal is logged and the event dropped: EventBridge drops (or sends to the target's DLQ, not emulated) an
     * event whose delivery fails for missing permissions, without retrying
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html).
     */
    private void sendToQueue(Rule rule, Target target, String body, String prefix) {
        String group = target.sqsParameters() == null ? null : target.sqsParameters().messageGroupId();
        try {
            String id = queues.send(rule.arn(), target.arn(), group, body);
            write(prefix + "matched; sent to the queue as message " + id + (group == null ? "" : " group=" + group));
        } catch (RuntimeException e) {
            write(prefix + "matched; delivery FAILED, event dropped: " + e.getMessage());
        }
    }

    private List<Rule> rules(String bus) {
        List<Rule> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListRulesResponse page = events.listRules(b -> b.eventBusName(bus).nextToken(next));
            out.addAll(page.rules());
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    private synchronized void write(String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package onair.local.cloud.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import onair.local.cloud.aws.Json;
import onair.local.cloud.lambda.InvokeResult;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source mappings (ESMs) for the mappings stored in moto: one poller per enabled SQS mapping
 * long-polls its queue, invokes the function synchronously through the {@link Invoker} with the SQS event
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html), deletes the messages that succeeded and leaves the
 * others to come back after the queue's visibility timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 * SQS itself (moto) keeps FIFO order per message group, hides a group while one of its messages is in flight and
 * moves a message to the queue's dead-letter queue once it was received maxReceiveCount times (moto 5.2.1
 * sqs/models.py receive_message: pending_message_groups and the RedrivePolicy check).
 * Every batch is one line in work-dir/event-source-mappings.log.
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    /** A poll waits at most this long for messages (Lambda long-polls up to 20 s; short here so stops are quick). */
    static final int WAIT_SECONDS = 2;

    private final LambdaClient lambdaControl;
    private final SqsClient sqs;
    private final Invoker host;
    private final String region;
    private final Path log;
    private final Map<String, Worker> workers = new HashMap<>();
    /** Mappings Lambda would have refused, by uuid, with the reason (logged once). */
    private final Map<String, String> refused = new HashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "esm-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public SqsEventSourcePoller(LambdaClient lambdaControl, SqsClient sqs, Invoker host, String region, Path log,
                         Duration refresh) {
        this.lambdaControl = lambdaControl;
        this.sqs = sqs;
        this.host = host;
        this.region = region;
        this.log = log;
        refresher.scheduleWithFixedDelay(this::refresh, 0, Math.max(200, refresh.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Starts pollers for new enabled SQS mappings, stops those of mappings that are gone or disabled. */
    void refresh() {
        if (closed) {
            return;
        }
        List<EventSourceMappingConfiguration> mappings;
        try {
            mappings = listSqsMappings();
        } catch (RuntimeException e) {
            return; // moto not (yet) reachable: try again at the next refresh
        }
        Set<String> wanted = new HashSet<>();
        synchronized (workers) {
            for (EventSourceMappingConfiguration m : mappings) {
                if (!"Enabled".equalsIgnoreCase(m.state())) {
                    continue;
                }
                String key = m.uuid() + "|" + m.functionArn() + "|" + m.batchSize() + "|" + m.functionResponseTypes();
                wanted.add(key);
                if (!workers.containsKey(key) && accepted(m)) {
                    Worker w = new Worker(m);
                    workers.put(key, w);
                    w.thread.start();
                    write("esm=" + m.uuid() + " polling " + m.eventSourceArn() + " -> " + m.functionArn()
                            + " batch=" + m.batchSize() + " reportBatchItemFailures=" + reportsItemFailures(m));
                }
            }
            for (var it = workers.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    e.getValue().stop();
                    it.remove();
                }
            }
        }
    }

    private List<EventSourceMappingConfiguration> listSqsMappings() {
        List<EventSourceMappingConfiguration> out = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListEventSourceMappingsResponse page = lambdaControl.listEventSourceMappings(b -> b.marker(m));
            for (EventSourceMappingConfiguration c : page.eventSourceMappings()) {
                if (c.eventSourceArn() != null && c.eventSourceArn().startsWith("arn:aws:sqs:")) {
                    out.add(c);
                }
            }
            marker = page.nextMarker();
        } while (marker != null && !marker.isEmpty());
        return out;
    }

    /**
     * What CreateEventSourceMapping checks and moto does not: the queue's visibility timeout may not be shorter than
     * the function's timeout ("Lambda validates this requirement when you create or update an event source mapping",
     * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html). Such a mapping is not polled.
     */
    private boolean accepted(EventSourceMappingConfiguration m) {
        try {
            int visibility = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(m.eventSourceArn()))
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributesAsStrings()
                    .getOrDefault("VisibilityTimeout", "30"));
            Integer timeout = lambdaControl.getFunctionConfiguration(b -> b.functionName(m.functionArn())).timeout();
            if (timeout != null && visibility < timeout) {
                String reason = "queue visibility timeout " + visibility + " s is less than the function timeout "
                        + timeout + " s";
                if (!reason.equals(refused.put(m.uuid(), reason))) {
                    write("esm=" + m.uuid() + " REFUSED as Lambda would: " + reason + "; not polling");
                }
                return false;
            }
            refused.remove(m.uuid());
            return true;
        } catch (RuntimeException e) {
            write("esm=" + m.uuid() + " cannot check " + m.eventSourceArn() + " yet: " + e.getMessage());
            return false;
        }
    }

    private String queueUrl(String queueArn) {
        String[] arn = queueArn.split(":");
        return sqs.getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).queueUrl();
    }

    private static boolean reportsItemFailures(EventSourceMappingConfiguration m) {
        return m.functionResponseTypes().contains(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
    }

    /** One mapping's poll loop: one batch at a time (for a FIFO queue with one message group, as in Lambda). */
    private final class Worker {
        final EventSourceMappingConfiguration mapping;
        final Thread thread;
        volatile boolean running = true;

        Worker(EventSourceMappingConfiguration mapping) {
            this.mapping = mapping;
            this.thread = new Thread(this::loop, "esm-" + mapping.uuid());
            thread.setDaemon(true);
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        private void loop() {
            String url = null;
            while (running && !closed) {
                try {
                    if (url == null) {
                        url = queueUrl(mapping.eventSourceArn());
                    }
                    pollOnce(url);
                } catch (RuntimeException e) {
                    if (!running || closed) {
                        return;
                    }
                    write("esm=" + mapping.uuid() + " poll error: " + e.getMessage());
                    url = null;
                    pause(Duration.ofSeconds(1));
                }
            }
        }

        private void pollOnce(String url) {
            int batchSize = mapping.batchSize() == null ? 10 : Math.max(1, Math.min(10, mapping.batchSize()));
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(WAIT_SECONDS).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty() || !running) {
                return;
            }
            byte[] event = Json.write(sqsEvent(messages)).getBytes(StandardCharsets.UTF_8);
            String ids = messages.stream().map(Message::messageId).toList().toString();
            String prefix = "esm=" + mapping.uuid() + " queue=" + mapping.eventSourceArn().substring(
                    mapping.eventSourceArn().lastIndexOf(':') + 1) + " function=" + mapping.functionArn()
                    + " messages=" + ids + " receives=" + messages.stream().map(m -> m.attributesAsStrings()
                    .getOrDefault("ApproximateReceiveCount", "?")).toList() + " ";
            InvokeResult result;
            try {
                result = host.invoke(mapping.functionArn(), null, event);
            } catch (TooManyRequestsException | IOException | RuntimeException e) {
                // throttled (the account's concurrency is in use: Lambda's poller backs off) or not invocable:
                // the batch stays and comes back after the visibility timeout
                write(prefix + "invoke FAILED, batch left on the queue: " + e);
                pause(Duration.ofSeconds(1));
                return;
            }
            Set<String> failed = failedIds(messages, result);
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (Message m : messages) {
                if (!failed.contains(m.messageId())) {
                    done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                            .receiptHandle(m.receiptHandle()).build());
                }
            }
            if (!done.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done));
            }
            write(prefix + "version=" + result.executedVersion() + (result.failed()
                    ? " function error, batch left on the queue: " + abbreviate(result.payloadText())
                    : failed.isEmpty() ? " ok, " + done.size() + " deleted"
                    : " partial: " + done.size() + " deleted, left on the queue " + failed));
        }

        /**
         * Which messages stay. A function error fails the whole batch. With ReportBatchItemFailures the answer's
         * batchItemFailures name them; "Lambda treats a batch as a complete failure if your function returns"
         * invalid JSON, an empty or null itemIdentifier, a bad key name, or an id that is not in the batch; an
         * empty or null list (or an empty or null response) is a complete success
         * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
         */
        private Set<String> failedIds(List<Message> messages, InvokeResult result) {
            Set<String> all = new HashSet<>();
            messages.forEach(m -> all.add(m.messageId()));
            if (result.failed()) {
                return all;
            }
            if (!reportsItemFailures(mapping)) {
                return Set.of();
            }
            String text = result.payloadText().trim();
            if (text.isEmpty() || text.equals("null")) {
                return Set.of();
            }
            JsonNode answer;
            try {
                answer = Json.parse(text);
            } catch (IllegalArgumentException invalid) {
                return all;
            }
            JsonNode failures = answer.get("batchItemFailures");
            if (failures == null || failures.isNull()) {
                return Set.of();
            }
            if (!failures.isArray()) {
                return all;
            }
            Set<String> out = new HashSet<>();
            for (JsonNode f : failures) {
                JsonNode id = f.get("itemIdentifier");
                if (id == null || !id.isTextual() || id.asText().isEmpty() || !all.contains(id.asText())) {
                    return all;
                }
                out.add(id.asText());
            }
            return out;
        }

        /** AWS's SQS event: Records with messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody, ... */
        private ObjectNode sqsEvent(List<Message> messages) {
            ObjectNode event = Json.object();
            ArrayNode records = event.putArray("Records");
            for (Message m : messages) {
                ObjectNode r = records.addObject();
                r.put("messageId", m.messageId());
                r.put("receiptHandle", m.receiptHandle());
                r.put("body", m.body());
                ObjectNode attributes = r.putObject("attributes");
                Map<String, String> a = new LinkedHashMap<>(m.attributesAsStrings());
                for (String name : List.of("ApproximateReceiveCount", "SentTimestamp", "SequenceNumber",
                        "MessageGroupId", "SenderId", "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp")) {
                    if (a.containsKey(name)) {
                        attributes.put(name, a.get(name));
                    }
                }
                ObjectNode ma = r.putObject("messageAttributes");
                for (Map.Entry<String, MessageAttributeValue> e : m.messageAttributes().entrySet()) {
                    ObjectNode v = ma.putObject(e.getKey());
                    if (e.getValue().stringValue() != null) {
                        v.put("stringValue", e.getValue().stringValue());
                    }
                    if (e.getValue().binaryValue() != null) {
                        v.put("binaryValue", java.util.Base64.getEncoder().encodeToString(
                                e.getValue().binaryValue().asByteArray()));
                    }
                    v.putArray("stringListValues");
                    v.putArray("binaryListValues");
                    v.put("dataType", e.getValue().dataType());
                }
                r.put("md5OfBody", m.md5OfBody());
                r.put("eventSource", "aws:sqs");
                r.put("eventSourceARN", mapping.eventSourceArn());
                r.put("awsRegion", region);
            }
            return event;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        synchronized (workers) {
            workers.values().forEach(Worker::stop);
            workers.clear();
        }
    }
}

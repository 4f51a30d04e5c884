package onair.function.events;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.notify.GoLiveNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a batch from the events FIFO queue, one record at a time, in the order received. A record that cannot be
 * applied (SSM unavailable) is reported as failed together with EVERY later record of the batch: they stay on the
 * queue in their order, and Lambda retries them before it takes anything newer from the message group ("If your
 * function returns an error, the function attempts all retries on the affected messages before Lambda receives
 * additional messages from the same group", https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html;
 * for FIFO, stop at the first failure and return it and the rest:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Malformed or foreign events are
 * dropped by {@link EventProcessor} with a log line: they succeed, so they are deleted and never retried.
 * Broadcasts that records of the batch began are announced once every record is applied (or the batch stopped at a
 * failure): their states are written by then, so a slow webhook delays no state write, and a failed announcement
 * never fails a record (the announcement's own failures are logged and counted, {@link GoLiveNotifier}).
 */
@Singleton
public class EventBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventBatchProcessor.class);

    private final EventProcessor events;
    private final JsonMapper json;
    private final GoLiveNotifier notifier;

    public EventBatchProcessor(EventProcessor events, JsonMapper json, GoLiveNotifier notifier) {
        this.events = events;
        this.json = json;
        this.notifier = notifier;
    }

    /** The batch's records, or empty when the payload is not an SQS event (a bare EventBridge event). */
    public Optional<List<SqsBatch.Message>> records(String payload) {
        if (payload == null || !payload.contains("\"Records\"")) {
            return Optional.empty();
        }
        try {
            SqsBatch batch = json.readValue(payload, SqsBatch.class);
            return batch == null || batch.records() == null ? Optional.empty()
                    : Optional.of(batch.records());
        } catch (IOException | RuntimeException notABatch) {
            return Optional.empty();
        }
    }

    public SqsBatchResponse process(List<SqsBatch.Message> records) {
        List<GoLiveNotifier.GoLive> began = new ArrayList<>();
        try {
            return apply(records, began);
        } finally {
            if (!began.isEmpty()) {
                notifier.announce(began);
            }
        }
    }

    private SqsBatchResponse apply(List<SqsBatch.Message> records, List<GoLiveNotifier.GoLive> began) {
        List<SqsBatchResponse.ItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SqsBatch.Message record = records.get(i);
            try {
                EventProcessor.Applied applied = events.apply(record.body());
                if (applied.goLive() != null) {
                    began.add(applied.goLive());
                }
                LOG.debug("message {} (receive {}): {}", record.messageId(), record.receiveCount(),
                        applied.outcome().outcome());
            } catch (RuntimeException e) {
                List<SqsBatch.Message> left = records.subList(i, records.size());
                for (SqsBatch.Message m : left) {
                    if (m.messageId() == null || m.messageId().isBlank()) {
                        // Lambda cannot keep a record it cannot name: fail the whole invocation instead, so the
                        // entire batch returns to the queue (nothing is lost; applied records are idempotent)
                        throw new IllegalStateException("an unapplied SQS record has no messageId", e);
                    }
                    failures.add(new SqsBatchResponse.ItemFailure(m.messageId()));
                }
                LOG.error("message {} (receive {}) could not be applied ({}): it and the {} later message(s) of the "
                                + "batch stay on the queue for a retry", record.messageId(), record.receiveCount(),
                        e.toString(), left.size() - 1);
                break;
            }
        }
        return new SqsBatchResponse(failures);
    }
}

package onair.function.events;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The events function. Its event source is the events FIFO queue: the payload is an SQS batch whose records each
 * carry one EventBridge event, and the answer is a partial batch response ({@link EventBatchProcessor}). A bare
 * EventBridge event (a hand-made {@code aws lambda invoke}, or an asynchronous invocation still in flight from the
 * layout before the queue) is applied as one event, failing the invocation when SSM is unavailable.
 * The payload is taken as text, not a parsed object, so malformed JSON reaches our parser and is dropped with a
 * clear log line instead of failing inside the runtime and being retried.
 */
public class IvsEventFunction extends MicronautRequestHandler<String, String> {

    @Inject
    EventProcessor processor;

    @Inject
    EventBatchProcessor batches;

    @Inject
    JsonMapper json;

    public IvsEventFunction() {
    }

    public IvsEventFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public String execute(String input) {
        try {
            Optional<List<SqsBatch.Message>> records = batches.records(input);
            if (records.isPresent()) {
                return json.writeValueAsString(batches.process(records.get()));
            }
            return json.writeValueAsString(processor.process(input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package onair.function.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.micronaut.context.ApplicationContext;
import onair.function.aws.StateStore;
import onair.function.events.IvsEventFunction;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The events function's handler class on the managed {@code java21} runtime
 * ({@code onair.function.handler.EventsHandler::handleRequest}). A stream handler, so the runtime hands over the
 * SQS batch (or a bare EventBridge event) as the bytes Lambda received: malformed JSON reaches our parser and is
 * dropped with a log line, as on the custom runtime ({@code IvsEventRuntime}), instead of failing inside the
 * runtime's deserialiser. The answer (a partial batch response) is written back as UTF-8 JSON.
 */
public class EventsHandler implements RequestStreamHandler, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);

    private final IvsEventFunction function;

    /** Lambda's way in: starts the application context (init phase) and registers the SnapStart hooks. */
    public EventsHandler() {
        this.function = new IvsEventFunction();
        Core.getGlobalContext().register(this);
    }

    /** Tests: a context they started. */
    public EventsHandler(ApplicationContext context) {
        this.function = new IvsEventFunction(context);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String answer = function.execute(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SnapStart: before the snapshot, one SSM read of the state document (the events role may read it) loads and
     * initialises the SSM client, its HTTP client and the JSON reader in the snapshot
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html). Nothing is written.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            function.getApplicationContext().getBean(StateStore.class).read();
        } catch (RuntimeException e) {
            LOG.warn("priming before the snapshot failed (the first event will do it): {}", e.toString());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to redo: the SDK opens a new connection when a pooled one from before the snapshot fails.
    }
}

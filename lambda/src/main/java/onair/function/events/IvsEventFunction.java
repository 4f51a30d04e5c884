package onair.function.events;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The EventBridge target. Takes the raw event text (not a parsed object) so malformed JSON reaches our parser and
 * is dropped with a clear log line instead of failing inside the runtime and being retried.
 */
public class IvsEventFunction extends MicronautRequestHandler<String, String> {

    @Inject
    EventProcessor processor;

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
            return json.writeValueAsString(processor.process(input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package onair.function.events;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.function.aws.runtime.AbstractMicronautLambdaRuntime;

/**
 * Lambda Runtime API loop for the events function: the invocation payload is handed over as text, unparsed, and
 * the handler's String result is posted back as is.
 */
public class IvsEventRuntime extends AbstractMicronautLambdaRuntime<String, String, String, String> {

    @Override
    protected RequestHandler<String, String> createRequestHandler(String... args) {
        return new IvsEventFunction();
    }
}

package onair.function.handler;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.runtime.APIGatewayV2HTTPEventMicronautLambdaRuntime;

/**
 * The status function's custom-runtime loop (the JVM zip's {@code bootstrap} and the native binary, {@code _HANDLER}
 * {@code status}): Micronaut's payload 2.0 runtime with {@link StatusHandler} as its handler instead of the plain
 * {@code APIGatewayV2HTTPEventFunction} it creates by default. So a same-origin GET /api/stream is answered from the
 * precomputed answer on this path too, as on the managed java21 runtime, and not routed through Micronaut's HTTP
 * pipeline on every request; every other request still is (StatusHandler hands it to its superclass).
 */
public class StatusRuntime extends APIGatewayV2HTTPEventMicronautLambdaRuntime {

    @Override
    protected RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> createRequestHandler(String... args) {
        return new StatusHandler(createApplicationContextBuilderWithArgs(args).build());
    }
}

package onair.function.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import onair.function.runtime.InvocationHandler;
import onair.function.runtime.RuntimeLoop;

/**
 * The status function on the custom runtime (the JVM zip's {@code bootstrap} and the native binary, {@code _HANDLER}
 * {@code status}): {@link RuntimeLoop} takes function-URL events (payload 2.0) from the Runtime API and
 * {@link StatusHandler} answers them, as on the managed java21 runtime. The event is read into
 * {@link APIGatewayV2HTTPEvent} and the answer written with the context's serde mapper
 * ({@code micronaut-aws-lambda-events-serde} carries the event classes' metadata, native-image ready).
 * The context is not created eagerly: on this runtime the first request follows the start at once, so a bean only
 * that request needs is made when it needs it and nothing else is (the managed runtime's eager start is for
 * SnapStart).
 */
public final class StatusRuntime {

    private StatusRuntime() {
    }

    public static InvocationHandler start() {
        ApplicationContext context = ApplicationContext.builder().environments("function", "lambda").start();
        StatusHandler handler = new StatusHandler(context);
        JsonMapper json = context.getBean(JsonMapper.class);
        return (payload, lambdaContext) -> json.writeValueAsBytes(
                handler.handleRequest(json.readValue(payload, APIGatewayV2HTTPEvent.class), lambdaContext));
    }
}

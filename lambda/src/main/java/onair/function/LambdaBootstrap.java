package onair.function;

import io.micronaut.function.aws.runtime.APIGatewayV2HTTPEventMicronautLambdaRuntime;
import onair.function.events.IvsEventRuntime;

/**
 * The zip's entry point (JVM main and native-image main): one artifact, two Lambda functions. The function's
 * handler setting ({@code _HANDLER}) picks the runtime: {@code status} serves function-URL events (payload 2.0)
 * through the Micronaut controllers, {@code events} applies IVS EventBridge events.
 */
public final class LambdaBootstrap {

    public static final String STATUS = "status";
    public static final String EVENTS = "events";

    private LambdaBootstrap() {
    }

    public static void main(String[] args) throws Exception {
        String handler = System.getenv("_HANDLER");
        switch (handler == null ? "" : handler.trim()) {
            case STATUS -> new APIGatewayV2HTTPEventMicronautLambdaRuntime().run(args);
            case EVENTS -> new IvsEventRuntime().run(args);
            default -> {
                System.err.println("onair: unknown _HANDLER '" + handler + "': set the function's handler to '"
                        + STATUS + "' (function URL) or '" + EVENTS + "' (EventBridge target)");
                System.exit(2);
            }
        }
    }
}

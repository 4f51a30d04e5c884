package onair.function;

import onair.function.events.IvsEventRuntime;
import onair.function.handler.StatusRuntime;
import onair.function.runtime.RuntimeLoop;

/**
 * The zip's entry point (JVM main and native-image main): one artifact, two Lambda functions. The function's
 * handler setting ({@code _HANDLER}) picks the runtime: {@code status} serves function-URL events (payload 2.0)
 * through {@link StatusRuntime} (same-origin GET /api/stream directly, the rest through the Micronaut
 * controllers), {@code events} applies IVS EventBridge events. Both run in {@link RuntimeLoop}, OnAir's own
 * Runtime API loop.
 */
public final class LambdaBootstrap {

    public static final String STATUS = "status";
    public static final String EVENTS = "events";

    private LambdaBootstrap() {
    }

    public static void main(String[] args) throws Exception {
        String handler = System.getenv("_HANDLER");
        switch (handler == null ? "" : handler.trim()) {
            case STATUS -> RuntimeLoop.serve(StatusRuntime::start);
            case EVENTS -> RuntimeLoop.serve(IvsEventRuntime::start);
            default -> {
                System.err.println("onair: unknown _HANDLER '" + handler + "': set the function's handler to '"
                        + STATUS + "' (function URL) or '" + EVENTS + "' (EventBridge target)");
                System.exit(2);
            }
        }
    }
}

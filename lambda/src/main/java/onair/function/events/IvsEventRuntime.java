package onair.function.events;

import onair.function.runtime.InvocationHandler;

import java.nio.charset.StandardCharsets;

/**
 * The events function on the custom runtime ({@code _HANDLER} {@code events}): the invocation payload (an SQS batch,
 * or a bare EventBridge event) is handed to {@link IvsEventFunction} as text, unparsed, so malformed JSON reaches
 * our parser and is dropped with a clear log line, and its String answer (a partial batch response) is posted back
 * as is.
 */
public final class IvsEventRuntime {

    private IvsEventRuntime() {
    }

    public static InvocationHandler start() {
        IvsEventFunction function = new IvsEventFunction();
        return (payload, context) -> function.execute(new String(payload, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }
}

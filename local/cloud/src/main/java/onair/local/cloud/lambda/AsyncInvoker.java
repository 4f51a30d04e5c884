package onair.local.cloud.lambda;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Lambda's asynchronous invoke ({@code Event}), as the gateway and EventBridge delivery use it. Implemented by
 * {@code lambda.async.AsyncInvocations}.
 */
@FunctionalInterface
public interface AsyncInvoker {
    /**
     * Returns at once; the event then runs with Lambda's async policy (throttle backoff, retries, on-failure
     * destination). {@code log} receives one line per attempt, per throttle and for the outcome.
     */
    CompletableFuture<InvokeResult> invokeAsync(String nameOrArn, String qualifier, byte[] payload, Consumer<String> log);
}

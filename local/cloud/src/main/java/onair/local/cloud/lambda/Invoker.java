package onair.local.cloud.lambda;

import java.io.IOException;

/**
 * Lambda's synchronous invoke ({@code RequestResponse}), as the gateway, function URLs and SQS event sources use
 * it. Implemented by {@code lambda.invocation.Invocations}.
 */
@FunctionalInterface
public interface Invoker {
    /**
     * Resolution problems (unknown function, bad code) raise; no free concurrency raises
     * {@link TooManyRequestsException} at once; function problems return (see {@link InvokeResult#failed()}).
     */
    InvokeResult invoke(String nameOrArn, String qualifier, byte[] payload) throws IOException, TooManyRequestsException;
}

package onair.function.runtime;

import com.amazonaws.services.lambda.runtime.Context;

/** What a function does with one event: the answer's bytes, or an exception that becomes an invocation error. */
@FunctionalInterface
public interface InvocationHandler {

    byte[] handle(byte[] payload, Context context) throws Exception;
}

package onair.local.cloud.lambda;

/**
 * Lambda's throttle: the invocation found no free concurrency. Synchronous callers get HTTP 429
 * {@code TooManyRequestsException} (botocore lambda 2015-03-31: {@code error.httpStatusCode} 429, members {@code Type},
 * {@code message}, {@code Reason}); asynchronous events go back to the queue and are retried later.
 */
public final class TooManyRequestsException extends Exception {
    /** botocore {@code ThrottleReason}: the account's unreserved pool is in use. */
    public static final String ACCOUNT = "ConcurrentInvocationLimitExceeded";
    /** botocore {@code ThrottleReason}: the function's reserved concurrency is in use. */
    public static final String RESERVED = "ReservedFunctionConcurrentInvocationLimitExceeded";

    private final String reason;

    TooManyRequestsException(String reason) {
        super("Rate Exceeded.");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

package onair.local.cloud.lambda;

import java.time.Duration;

/**
 * A function's asynchronous invocation settings (PutFunctionEventInvokeConfig): how many times Lambda retries a
 * failed event, how long it keeps an event it could not run yet (throttled), and where an event goes once either
 * is exhausted ({@code null}: nowhere, it is dropped).
 */
public record AsyncInvokeConfig(int maximumRetryAttempts, Duration maximumEventAge, String onFailureDestination) {

    /**
     * What Lambda does without a configuration: two retries, events kept up to 6 hours (botocore lambda
     * {@code MaximumEventAgeInSeconds}: 60..21600; "How Lambda handles errors and retries with asynchronous
     * invocation", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html), then dropped.
     */
    public static final AsyncInvokeConfig DEFAULTS = new AsyncInvokeConfig(2, Duration.ofHours(6), null);
}

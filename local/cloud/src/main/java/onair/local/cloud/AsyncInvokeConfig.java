package onair.local.cloud;

/**
 * A function's asynchronous invocation settings (PutFunctionEventInvokeConfig): how many times Lambda retries a
 * failed event, and where an event goes once its retries are exhausted ({@code null}: nowhere, it is dropped).
 */
record AsyncInvokeConfig(int maximumRetryAttempts, String onFailureDestination) {

    /** What Lambda does without a configuration: two retries, then the event is dropped. */
    static final AsyncInvokeConfig DEFAULTS = new AsyncInvokeConfig(2, null);
}

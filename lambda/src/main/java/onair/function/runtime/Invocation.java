package onair.function.runtime;

/**
 * One event handed out by the Lambda Runtime API's {@code GET /runtime/invocation/next}: the payload as the bytes
 * Lambda sent and the response headers that describe it
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next).
 *
 * @param requestId  Lambda-Runtime-Aws-Request-Id: names this invocation in the answer's path
 * @param deadlineMs Lambda-Runtime-Deadline-Ms: when the function times out, Unix time in milliseconds (0 unknown)
 * @param functionArn Lambda-Runtime-Invoked-Function-Arn: the function, version or alias invoked (may be null)
 * @param traceId    Lambda-Runtime-Trace-Id: the X-Ray tracing header (may be null)
 * @param payload    the event document
 */
public record Invocation(String requestId, long deadlineMs, String functionArn, String traceId, byte[] payload) {
}

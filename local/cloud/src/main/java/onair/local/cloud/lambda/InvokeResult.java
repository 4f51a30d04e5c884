package onair.local.cloud.lambda;

import java.nio.charset.StandardCharsets;
import onair.local.cloud.aws.Json;

/**
 * The outcome of one invocation. {@code functionError} is null on success, else "Unhandled"/"Handled" with the
 * error document in {@code payload} (like the X-Amz-Function-Error header of Invoke).
 */
public record InvokeResult(byte[] payload, String functionError, String executedVersion) {

    public static InvokeResult error(String version, String type, String message) {
        String body = Json.write(java.util.Map.of("errorType", type, "errorMessage", message));
        return new InvokeResult(body.getBytes(StandardCharsets.UTF_8), "Unhandled", version);
    }

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}

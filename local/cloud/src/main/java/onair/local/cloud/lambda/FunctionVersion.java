package onair.local.cloud.lambda;

import java.util.Map;

/** What the Lambda host needs to run one published version (or $LATEST) of a function, as moto stores it. */
public record FunctionVersion(
        String name,
        String version,
        String arn,
        String handler,
        int timeoutSeconds,
        int memoryMb,
        Map<String, String> environment,
        String codeSha256,
        String codeLocation,
        Integer reservedConcurrency) {
    // reservedConcurrency: PutFunctionConcurrency's ReservedConcurrentExecutions, null when the function has none
}

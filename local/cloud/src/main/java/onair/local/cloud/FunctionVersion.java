package onair.local.cloud;

import java.util.Map;

/** What the Lambda host needs to run one published version (or $LATEST) of a function, as moto stores it. */
record FunctionVersion(
        String name,
        String version,
        String arn,
        String handler,
        int timeoutSeconds,
        int memoryMb,
        Map<String, String> environment,
        String codeSha256,
        String codeLocation,
        int concurrencyCap) {

    /** The local concurrency cap when the function has no reserved concurrency (keeps the machine responsive). */
    static final int DEFAULT_CAP = 2;
}

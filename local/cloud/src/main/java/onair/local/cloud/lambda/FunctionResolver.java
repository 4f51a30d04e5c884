package onair.local.cloud.lambda;

import java.util.Map;
import onair.local.cloud.aws.ControlPlaneCache;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Resolves a function name/ARN plus qualifier (alias, version or $LATEST) to the concrete version moto stores,
 * on every invocation, so an alias move is picked up by the very next invoke.
 */
public final class FunctionResolver {
    private final LambdaClient lambda;
    private final ControlPlaneCache recent = new ControlPlaneCache(ControlPlaneCache.DEFAULT_TTL);
    private final ControlPlaneCache recentAsyncConfigs = new ControlPlaneCache(ControlPlaneCache.DEFAULT_TTL);
    private final ControlPlaneCache recentReservations = new ControlPlaneCache(ControlPlaneCache.DEFAULT_TTL);

    public FunctionResolver(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** Splits "name", "name:qualifier", or a function ARN with optional qualifier. */
    static String[] split(String nameOrArn, String qualifier) {
        String name = nameOrArn;
        String q = qualifier;
        if (nameOrArn.startsWith("arn:")) {
            String[] parts = nameOrArn.split(":");
            name = parts[6];
            if (parts.length > 7 && (q == null || q.isEmpty())) {
                q = parts[7];
            }
        } else if (nameOrArn.contains(":")) {
            name = nameOrArn.substring(0, nameOrArn.indexOf(':'));
            if (q == null || q.isEmpty()) {
                q = nameOrArn.substring(nameOrArn.indexOf(':') + 1);
            }
        }
        return new String[] {name, q == null || q.isEmpty() ? "$LATEST" : q};
    }

    /** The version an invoke runs; alias moves are seen within {@link ControlPlaneCache#DEFAULT_TTL}, as in Lambda. */
    public FunctionVersion resolve(String nameOrArn, String qualifier) {
        return recent.get(nameOrArn + "|" + qualifier, () -> load(nameOrArn, qualifier));
    }

    private FunctionVersion load(String nameOrArn, String qualifier) {
        String[] nq = split(nameOrArn, qualifier);
        GetFunctionResponse fn = lambda.getFunction(b -> b.functionName(nq[0]).qualifier(nq[1]));
        FunctionConfiguration c = fn.configuration();
        if (fn.code() == null || fn.code().location() == null) {
            throw new IllegalStateException("function " + nq[0] + ":" + nq[1] + " has no S3 code location in moto;"
                    + " deploy its code with s3_bucket/s3_key (moto only exposes code that came from S3)");
        }
        // reserved concurrency belongs to the function, not to a version (a version published before
        // PutFunctionConcurrency would not carry it), so ask for it the way Lambda models it
        Integer reserved = lambda.getFunctionConcurrency(b -> b.functionName(nq[0])).reservedConcurrentExecutions();
        Map<String, String> env = c.environment() == null || c.environment().variables() == null
                ? Map.of() : c.environment().variables();
        return new FunctionVersion(c.functionName(), c.version(), c.functionArn(), c.handler(),
                c.timeout() == null ? 3 : c.timeout(), c.memorySize() == null ? 128 : c.memorySize(), env,
                c.codeSha256(), fn.code().location(), reserved);
    }

    /** Every function's reserved concurrency (functions without one are left out), as of the last second. */
    public Map<String, Integer> reservations() {
        return recentReservations.get("all", this::loadReservations);
    }

    /**
     * Read from moto now, for PutFunctionConcurrency's check. ListFunctions does not carry the reservation, so each
     * function is asked (GetFunctionConcurrency); the account holds a handful of functions.
     */
    Map<String, Integer> loadReservations() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (FunctionConfiguration f : lambda.listFunctionsPaginator().functions()) {
            try {
                Integer r = lambda.getFunctionConcurrency(b -> b.functionName(f.functionName()))
                        .reservedConcurrentExecutions();
                if (r != null) {
                    out.put(f.functionName(), r);
                }
            } catch (ResourceNotFoundException gone) {
                // deleted meanwhile
            }
        }
        return Map.copyOf(out);
    }

    /** The function's asynchronous invocation settings, or Lambda's defaults when it has none. */
    public AsyncInvokeConfig asyncConfig(String nameOrArn, String qualifier) {
        return recentAsyncConfigs.get(nameOrArn + "|" + qualifier, () -> loadAsyncConfig(nameOrArn, qualifier));
    }

    private AsyncInvokeConfig loadAsyncConfig(String nameOrArn, String qualifier) {
        String[] nq = split(nameOrArn, qualifier);
        GetFunctionEventInvokeConfigResponse c;
        try {
            c = lambda.getFunctionEventInvokeConfig(b -> b.functionName(nq[0]).qualifier(nq[1]));
        } catch (ResourceNotFoundException none) {
            return AsyncInvokeConfig.DEFAULTS;
        }
        int retries = c.maximumRetryAttempts() == null ? AsyncInvokeConfig.DEFAULTS.maximumRetryAttempts()
                : c.maximumRetryAttempts();
        java.time.Duration maxAge = c.maximumEventAgeInSeconds() == null ? AsyncInvokeConfig.DEFAULTS.maximumEventAge()
                : java.time.Duration.ofSeconds(c.maximumEventAgeInSeconds());
        String onFailure = c.destinationConfig() == null || c.destinationConfig().onFailure() == null
                ? null : c.destinationConfig().onFailure().destination();
        return new AsyncInvokeConfig(retries, maxAge, onFailure);
    }
}

package onair.local.cloud.lambda.invocation;

import java.io.IOException;
import onair.local.cloud.lambda.AccountConcurrency;
import onair.local.cloud.lambda.FunctionResolver;
import onair.local.cloud.lambda.FunctionVersion;
import onair.local.cloud.lambda.InvokeResult;
import onair.local.cloud.lambda.Invoker;
import onair.local.cloud.lambda.TooManyRequestsException;
import onair.local.cloud.lambda.instances.Instances;

/**
 * One synchronous invocation, as Lambda's invoke path does it: resolve the qualifier in moto (so an alias move takes
 * effect on the next invoke), take a concurrency lease from the account ({@link AccountConcurrency}: over it the
 * invoke is throttled at once with {@link TooManyRequestsException}, HTTP 429, never queued), then run the payload
 * in an execution environment ({@link Instances}) and give the lease back.
 */
public final class Invocations implements Invoker {
    private final FunctionResolver resolver;
    private final AccountConcurrency account;
    private final Instances instances;

    public Invocations(FunctionResolver resolver, AccountConcurrency account, Instances instances) {
        this.resolver = resolver;
        this.account = account;
        this.instances = instances;
    }

    @Override
    public InvokeResult invoke(String nameOrArn, String qualifier, byte[] payload)
            throws IOException, TooManyRequestsException {
        FunctionVersion fn = resolver.resolve(nameOrArn, qualifier);
        int totalReserved = resolver.reservations().values().stream().mapToInt(Integer::intValue).sum();
        AccountConcurrency.Lease lease = account.acquire(fn.name(), fn.reservedConcurrency(), totalReserved);
        try {
            return instances.invoke(fn, payload);
        } finally {
            account.release(lease);
        }
    }
}

package onair.local.cloud.lambda;

import java.util.HashMap;
import java.util.Map;

/**
 * The AWS account's Lambda concurrency in one region, as Lambda counts it: the number of in-flight invocations
 * (an environment that is initialising for an invocation counts; an idle warm one does not).
 * <ul>
 *   <li>A function with reserved concurrency R runs at most R invocations at once, and no other function may use
 *   those R ("Configuring reserved concurrency for a function",
 *   https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).</li>
 *   <li>All other functions share the unreserved pool: the account limit minus every reservation
 *   (GetAccountSettings {@code AccountLimit.UnreservedConcurrentExecutions}, botocore lambda 2015-03-31).</li>
 *   <li>Over either, the invocation is throttled ("Lambda function scaling",
 *   https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html): {@link TooManyRequestsException}.</li>
 *   <li>A reservation must leave at least the account's unreserved minimum unreserved ("You can reserve up to the
 *   Unreserved account concurrency value minus 100", configuration-concurrency.html; the 100 is the minimum of an
 *   account with the default 1,000; new accounts may have a limit of 10 and a minimum of 10, see
 *   /work/shared/ivs-facts.md), else PutFunctionConcurrency fails with {@link #refusal}.</li>
 * </ul>
 * Defaults are those of such a new account: limit 10, unreserved minimum 10, so no reservation at all is possible.
 */
public final class AccountConcurrency {
    public static final int DEFAULT_LIMIT = 10;
    public static final int DEFAULT_UNRESERVED_MINIMUM = 10;

    /** One in-flight invocation; give it back with {@link #release}. */
    public record Lease(String function, boolean reserved) {
    }

    private final int limit;
    private final int unreservedMinimum;
    private final Map<String, Integer> reservedInFlight = new HashMap<>();
    private int unreservedInFlight;

    public AccountConcurrency(int limit, int unreservedMinimum) {
        if (limit < 1 || unreservedMinimum < 0 || unreservedMinimum > limit) {
            throw new IllegalArgumentException("need 1 <= account concurrency and 0 <= unreserved minimum <= limit, got "
                    + limit + " and " + unreservedMinimum);
        }
        this.limit = limit;
        this.unreservedMinimum = unreservedMinimum;
    }

    public int limit() {
        return limit;
    }

    public int unreservedMinimum() {
        return unreservedMinimum;
    }

    /**
     * Takes one unit of concurrency for {@code function} or throws. {@code reserved} is the function's reserved
     * concurrency (null: none, it uses the unreserved pool); {@code totalReserved} is the sum over the account.
     */
    public synchronized Lease acquire(String function, Integer reserved, int totalReserved) throws TooManyRequestsException {
        if (reserved != null) {
            int running = reservedInFlight.getOrDefault(function, 0);
            if (running >= reserved) {
                throw new TooManyRequestsException(TooManyRequestsException.RESERVED);
            }
            reservedInFlight.put(function, running + 1);
            return new Lease(function, true);
        }
        if (unreservedInFlight >= unreserved(totalReserved)) {
            throw new TooManyRequestsException(TooManyRequestsException.ACCOUNT);
        }
        unreservedInFlight++;
        return new Lease(function, false);
    }

    public synchronized void release(Lease lease) {
        if (lease.reserved()) {
            reservedInFlight.computeIfPresent(lease.function(), (k, n) -> n <= 1 ? null : n - 1);
        } else {
            unreservedInFlight = Math.max(0, unreservedInFlight - 1);
        }
    }

    /** AccountLimit.UnreservedConcurrentExecutions: the limit minus every reservation. */
    int unreserved(int totalReserved) {
        return Math.max(0, limit - totalReserved);
    }

    /**
     * Null when a reservation of {@code requested} may be made while the other functions reserve
     * {@code reservedByOthers}; else Lambda's InvalidParameterValueException message, word for word (as Lambda
     * answers it, e.g. quoted in https://docs.gruntwork.io/discussions/knowledge-base/215 with [50]).
     */
    public String refusal(int requested, int reservedByOthers) {
        if (limit - reservedByOthers - requested >= unreservedMinimum) {
            return null;
        }
        return "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution"
                + " below its minimum value of [" + unreservedMinimum + "].";
    }
}

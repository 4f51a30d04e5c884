package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import onair.local.cloud.lambda.AccountConcurrency;
import onair.local.cloud.lambda.TooManyRequestsException;
import org.junit.jupiter.api.Test;

/** The account model's arithmetic, with the numbers of AWS's own examples. */
class AccountConcurrencyUnitTest {

    @Test
    void theDefaultsAreANewAccountsAndAllowNoReservation() {
        Options o = Options.parse(new String[] {"--moto-endpoint", "http://127.0.0.1:1", "--work-dir", "/tmp/x"});
        AccountConcurrency a = new AccountConcurrency(o.accountConcurrency(), o.unreservedMinimum());
        assertEquals(10, a.limit());
        assertEquals(10, a.unreservedMinimum());
        assertEquals("Specified ReservedConcurrentExecutions for function decreases account's"
                + " UnreservedConcurrentExecution below its minimum value of [10].", a.refusal(1, 0));
        assertNull(a.refusal(0, 0), "a reservation of 0 leaves everything unreserved");
    }

    @Test
    void aDefaultAccountOf1000MayReserveUpTo900() {
        AccountConcurrency a = new AccountConcurrency(1000, 100);
        assertNull(a.refusal(900, 0));
        assertEquals("Specified ReservedConcurrentExecutions for function decreases account's"
                + " UnreservedConcurrentExecution below its minimum value of [100].", a.refusal(1, 900));
    }

    @Test
    void reservedAndUnreservedPoolsThrottleSeparately() throws Exception {
        AccountConcurrency a = new AccountConcurrency(3, 1);
        var r = a.acquire("events", 1, 1);
        TooManyRequestsException reserved = assertThrows(TooManyRequestsException.class, () -> a.acquire("events", 1, 1));
        assertEquals(TooManyRequestsException.RESERVED, reserved.reason());
        var u1 = a.acquire("status", null, 1);
        var u2 = a.acquire("other", null, 1);
        TooManyRequestsException account = assertThrows(TooManyRequestsException.class, () -> a.acquire("status", null, 1));
        assertEquals(TooManyRequestsException.ACCOUNT, account.reason());
        a.release(u1);
        a.release(a.acquire("status", null, 1));
        a.release(r);
        a.release(a.acquire("events", 1, 1));
        a.release(u2);
        assertThrows(TooManyRequestsException.class, () -> a.acquire("zero", 0, 1), "reserved 0 stops the function");
    }

    @Test
    void badLimitsAreRefusedWithTheFlagNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {
                "--moto-endpoint", "http://127.0.0.1:1", "--work-dir", "/tmp/x", "--account-concurrency", "5",
                "--unreserved-minimum", "6"}));
        assertEquals(true, e.getMessage().contains("--unreserved-minimum"));
    }
}

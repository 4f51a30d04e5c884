package onair.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling: tests wait for a state, never for a fixed time. */
public final class Await {

    private Await() {
    }

    /** Polls every 250 ms until the condition holds; throws {@link AssertionError} after the timeout. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }
}

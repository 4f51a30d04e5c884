package onair.local.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlPlaneCacheTest {

    @Test
    void remembersAnswersForTheTtlThenAsksAgain() throws Exception {
        ControlPlaneCache cache = new ControlPlaneCache(Duration.ofMillis(200));
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            assertEquals("v1", cache.get("fn|live", () -> "v" + loads.incrementAndGet()));
        }
        assertEquals(1, loads.get());
        Thread.sleep(250);
        assertEquals("v2", cache.get("fn|live", () -> "v" + loads.incrementAndGet()));
        assertEquals("other", cache.get("fn|1", () -> "other"), "keys are independent");
    }

    @Test
    void failuresAreNotRemembered() {
        ControlPlaneCache cache = new ControlPlaneCache(Duration.ofSeconds(60));
        assertThrows(IllegalStateException.class, () -> cache.get("k", () -> {
            throw new IllegalStateException("moto down");
        }));
        assertEquals("ok", cache.get("k", () -> "ok"));
    }

    @Test
    void oneCallerRefreshesAnExpiredAnswerWhileTheOthersKeepThePreviousOne() throws Exception {
        ControlPlaneCache cache = new ControlPlaneCache(Duration.ofMillis(50));
        assertEquals("v1", cache.get("fn|live", () -> "v1"));
        Thread.sleep(80);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch othersDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<String> refresher = pool.submit(() -> cache.get("fn|live", () -> {
                loads.incrementAndGet();
                loading.countDown();
                await(othersDone); // moto is slow: the others arrive while this load is under way
                return "v2";
            }));
            assertTrue(loading.await(5, TimeUnit.SECONDS));
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(pool.submit(() -> cache.get("fn|live", () -> "v" + (10 + loads.incrementAndGet()))));
            }
            for (Future<String> other : others) {
                assertEquals("v1", other.get(5, TimeUnit.SECONDS), "the previous answer stands during the refresh");
            }
            othersDone.countDown();
            assertEquals("v2", refresher.get(5, TimeUnit.SECONDS));
            assertEquals(1, loads.get(), "one moto call for eight callers");
            assertEquals("v2", cache.get("fn|live", () -> "unexpected"), "the refreshed answer is remembered");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRefreshIsRetriedByTheNextCaller() throws Exception {
        ControlPlaneCache cache = new ControlPlaneCache(Duration.ofMillis(20));
        cache.get("k", () -> "v1");
        Thread.sleep(40);
        assertThrows(IllegalStateException.class, () -> cache.get("k", () -> {
            throw new IllegalStateException("moto down");
        }));
        assertEquals("v2", cache.get("k", () -> "v2"), "the next caller refreshes (no refresh is left pending)");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

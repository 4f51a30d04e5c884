package onair.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
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
}

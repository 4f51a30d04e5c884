package onair.function.cache;

import onair.function.support.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one "value + expiry + refresh" rule every per-instance cache of the function uses, on a hand-moved clock. */
class TtlCacheTest {

    private final TestClock clock = new TestClock();
    private final AtomicInteger reads = new AtomicInteger();

    private String read(String previous) {
        return "v" + reads.incrementAndGet();
    }

    @Test
    void oneReadPerTtl() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        assertEquals("v1", cache.get(this::read).value());
        clock.advance(Duration.ofMillis(1999));
        assertEquals("v1", cache.get(this::read).value(), "still fresh just before the TTL ends");
        clock.advance(Duration.ofMillis(1));
        assertEquals("v2", cache.get(this::read).value(), "read again once the TTL has passed");
        assertEquals(2, reads.get());
    }

    @Test
    void zeroOrNegativeTtlReadsEveryTime() {
        TtlCache<String> zero = new TtlCache<>(clock, Duration.ZERO, "test");
        TtlCache<String> negative = new TtlCache<>(clock, Duration.ofSeconds(-5), "test");
        zero.get(this::read);
        zero.get(this::read);
        negative.get(this::read);
        negative.get(this::read);
        assertEquals(4, reads.get());
    }

    @Test
    void theLoaderSeesThePreviousValue() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(1), "test");
        List<String> seen = new ArrayList<>();
        cache.get(previous -> {
            seen.add(previous);
            return "first";
        });
        clock.advance(Duration.ofSeconds(1));
        cache.get(previous -> {
            seen.add(previous);
            return "second";
        });
        assertNull(seen.get(0));
        assertEquals("first", seen.get(1));
    }

    @Test
    void aFailedReadServesTheLastValueStaleForAnotherTtl() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        cache.get(this::read);
        clock.advance(Duration.ofSeconds(2));
        TtlCache.Entry<String> stale = cache.get(previous -> {
            reads.incrementAndGet();
            throw new IllegalStateException("backend down");
        });
        assertEquals("v1", stale.value());
        assertTrue(stale.stale());
        assertEquals(clock.instant(), stale.at(), "the failed attempt counts as a read");
        clock.advance(Duration.ofSeconds(1));
        assertSame(stale, cache.get(this::read), "a failing backend is not asked again within the TTL");
        assertEquals(2, reads.get());
        clock.advance(Duration.ofSeconds(1));
        TtlCache.Entry<String> back = cache.get(this::read);
        assertEquals("v3", back.value());
        assertFalse(back.stale());
    }

    @Test
    void aFailedFirstReadReachesTheCallerAndIsNotCached() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get(previous -> {
            throw new IllegalStateException("backend down");
        }));
        assertEquals("backend down", e.getMessage());
        assertEquals("v1", cache.get(this::read).value(), "the next call reads again");
    }

    @Test
    void putIsFreshFromNowAndClearsStale() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        cache.get(this::read);
        clock.advance(Duration.ofSeconds(2));
        assertTrue(cache.get(previous -> {
            throw new IllegalStateException("down");
        }).stale());
        cache.put("written");
        TtlCache.Entry<String> e = cache.get(this::read);
        assertEquals("written", e.value());
        assertFalse(e.stale());
        assertEquals(1, reads.get());
    }

    @Test
    void anOwnerMayKeepOrDropAnEntryByItsOwnRule() {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        cache.get(this::read);
        clock.advance(Duration.ofHours(1));
        assertEquals("v1", cache.get(e -> true, this::read).value(), "kept past the TTL when the owner says so");
        assertEquals("v2", cache.get(e -> false, this::read).value(), "dropped within the TTL when the owner says so");
        assertTrue(cache.fresh(cache.get(this::read)));
    }

    @Test
    void concurrentMissesShareOneRead() throws Exception {
        TtlCache<String> cache = new TtlCache<>(clock, Duration.ofSeconds(2), "test");
        int callers = 8;
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> cache.get(previous -> {
                inRead.countDown();
                await(release);
                return read(previous);
            }).value()));
            assertTrue(inRead.await(30, TimeUnit.SECONDS));
            for (int i = 1; i < callers; i++) {
                answers.add(pool.submit(() -> cache.get(this::read).value()));
            }
            release.countDown();
            for (Future<String> a : answers) {
                assertEquals("v1", a.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, reads.get(), "the callers that missed while the read ran waited for it and shared it");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package onair.function.cache;

import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * One value read through a loader and kept for a TTL: the "value + expiry + refresh" every per-instance cache of the
 * function shares (state document, recordings index, thumbnails, channel info, webhooks secret). Each owner builds
 * its own with its own TTL from its own configuration; this class decides nothing about how long.
 * <ul>
 *   <li>A fresh entry is handed out without a lock; a miss takes the one lock, and concurrent misses share the one
 *       read (the second finds the entry the first wrote).</li>
 *   <li>A loader that throws while an earlier value exists: that value is served again marked {@code stale}, and
 *       the failed attempt counts as a read (a failing backend is asked at most once per TTL, not once per request).
 *       With no earlier value the exception reaches the caller.</li>
 *   <li>A loader that handles its own failures (returns a fallback) gets the previous value to fall back on.</li>
 * </ul>
 * Nothing runs without a caller: no timer, no background refresh. A fresh hit allocates nothing (it is on every
 * status request): the expiry is kept in clock milliseconds and compared with {@link Clock#millis()}.
 */
public final class TtlCache<T> {

    private static final Logger LOG = LoggerFactory.getLogger(TtlCache.class);

    /**
     * @param value what was read (or kept)
     * @param at    when it was read, or when the failed read was attempted
     * @param stale the last read failed and this is an older value
     * @param freshUntilMillis the first clock millisecond at which it is no longer fresh: {@code at} + TTL rounded
     *                         up, so an entry is never dropped before its TTL has passed
     */
    public record Entry<T>(T value, Instant at, boolean stale, long freshUntilMillis) {
    }

    /** Reads the value; {@code previous} is the last value held (null before the first read). */
    @FunctionalInterface
    public interface Loader<T> {
        T load(@Nullable T previous);
    }

    private final Clock clock;
    private final Duration ttl;
    private final String what;
    private final Object readLock = new Object();
    private final Predicate<Entry<T>> fresh = this::fresh; // one instance, not one per get
    private volatile Entry<T> entry;

    /**
     * @param ttl  how long an entry is fresh (negative counts as zero: every call reads)
     * @param what what is cached, for the log line of a failed read
     */
    public TtlCache(Clock clock, Duration ttl, String what) {
        this.clock = clock;
        this.ttl = ttl.isNegative() ? Duration.ZERO : ttl;
        this.what = what;
    }

    /** The entry, read through {@code loader} when there is none or it is no longer fresh. */
    public Entry<T> get(Loader<T> loader) {
        return get(fresh, loader);
    }

    /**
     * The entry, read through {@code loader} unless the held one is {@code usable} (an owner whose entries can also
     * go bad for another reason, or stay good past the TTL, says so here; {@link #fresh} is the TTL test).
     */
    public Entry<T> get(Predicate<Entry<T>> usable, Loader<T> loader) {
        Entry<T> e = entry;
        if (e != null && usable.test(e)) {
            return e;
        }
        synchronized (readLock) {
            e = entry;
            if (e != null && usable.test(e)) {
                return e; // another caller did the read while this one waited
            }
            T previous = e == null ? null : e.value();
            try {
                entry = entry(loader.load(previous), false);
            } catch (RuntimeException failure) {
                if (e == null) {
                    throw failure;
                }
                LOG.warn("{} read failed, serving the copy read at {} as stale: {}", what, e.at(), failure.toString());
                entry = entry(previous, true);
            }
            return entry;
        }
    }

    /**
     * The entry held now, without reading (null before the first read): an owner whose {@code usable} test needs
     * the request's arguments checks it here first, so a hit does not build the lambdas {@link #get} takes.
     */
    @Nullable
    public Entry<T> held() {
        return entry;
    }

    /** A value this instance knows to be current (it just wrote it): fresh from now. */
    public void put(T value) {
        entry = entry(value, false);
    }

    /** Whether {@code e} was read less than a TTL ago. */
    public boolean fresh(Entry<T> e) {
        return clock.millis() < e.freshUntilMillis();
    }

    private Entry<T> entry(@Nullable T value, boolean stale) {
        Instant at = clock.instant();
        Instant end = at.plus(ttl);
        long until = end.toEpochMilli() + (end.getNano() % 1_000_000 == 0 ? 0 : 1);
        return new Entry<>(value, at, stale, until);
    }
}

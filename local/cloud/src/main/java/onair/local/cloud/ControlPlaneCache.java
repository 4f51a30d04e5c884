package onair.local.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Short-lived memory of control-plane answers read from moto (alias targets, resource policies, function
 * configurations). Every moto call costs tens of milliseconds, and the data path asked for four or five of them per
 * request, which capped the local status API near 20 requests/s. Lambda itself applies alias and policy changes with a
 * propagation delay of about a second, so a one-second memory keeps the local platform as fresh as the real one.
 * Failures are not remembered: the next call asks moto again.
 */
final class ControlPlaneCache {
    static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

    private record Entry(Object value, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ControlPlaneCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> load) {
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAtNanos < 0) {
            return (T) e.value;
        }
        T value = load.get();
        entries.put(key, new Entry(value, now + ttlNanos));
        return value;
    }
}

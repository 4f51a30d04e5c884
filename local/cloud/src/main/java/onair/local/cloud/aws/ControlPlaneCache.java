package onair.local.cloud.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Short-lived memory of control-plane answers read from moto (alias targets, resource policies, function
 * configurations). Every moto call costs tens of milliseconds, and the data path asked for four or five of them per
 * request, which capped the local status API near 20 requests/s. Lambda itself applies alias and policy changes with a
 * propagation delay of about a second, so a one-second memory keeps the local platform as fresh as the real one.
 * When an answer expires, one caller asks moto again and the others keep the previous answer until it has the new
 * one: under load, every request of the same second used to ask moto at once, and moto (one Python process) then
 * answered them one after another, which put half a second into the status API's p99. A failed refresh is not
 * remembered: the next caller asks moto again.
 */
public final class ControlPlaneCache {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

    private record Entry(Object value, long expiresAtNanos) {
        boolean fresh() {
            return System.nanoTime() - expiresAtNanos < 0;
        }
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    public ControlPlaneCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> load) {
        Entry e = entries.get(key);
        if (e != null && (e.fresh() || !refreshing.add(key))) {
            return (T) e.value; // fresh, or another caller is already asking moto
        }
        try {
            T value = load.get();
            entries.put(key, new Entry(value, System.nanoTime() + ttlNanos));
            return value;
        } finally {
            if (e != null) {
                refreshing.remove(key);
            }
        }
    }
}

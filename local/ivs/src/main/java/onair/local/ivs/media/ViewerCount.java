package onair.local.ivs.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GetStream's {@code viewerCount} as IVS defines it: "A count of concurrent views of the stream. Typically, a new
 * view appears in viewerCount within 15 seconds of when video playback starts and a view is removed from
 * viewerCount within 1 minute of when video playback ends" (botocore IVS model, shape Stream, member viewerCount);
 * a view is "a unique viewing session which is actively downloading or playing video"
 * (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/service-quotas.html, IVS Glossary).
 *
 * <p>Here a viewing session is a distinct client (remote address and User-Agent) that fetched one of the stream's
 * live playlists (multivariant or variant) within the last {@link #WINDOW}: a player reloads its live playlist
 * every segment (2 s), so a playing client stays counted and a closed one leaves within a minute. Counted per stream
 * id: a reconnect is a new stream and its views are counted afresh, as its players fetch again. (IVS identifies
 * sessions inside its player/edge; two tabs of one browser count once here. README: differences from IVS.)
 */
public final class ViewerCount {

    /** IVS: a view is removed within 1 minute of when playback ends. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Clock clock;
    private final Map<String, Map<String, Instant>> lastFetch = new ConcurrentHashMap<>();

    public ViewerCount(Clock clock) {
        this.clock = clock;
    }

    /** A client fetched a live playlist of {@code streamId}. */
    public void fetched(String streamId, String remoteAddress, String userAgent) {
        String client = remoteAddress + "|" + (userAgent == null ? "" : userAgent);
        lastFetch.computeIfAbsent(streamId, k -> new ConcurrentHashMap<>()).put(client, clock.instant());
    }

    /** Clients of {@code streamId} that fetched a live playlist within the last minute. */
    public long count(String streamId) {
        Map<String, Instant> clients = lastFetch.get(streamId);
        if (clients == null) {
            return 0;
        }
        Instant since = clock.instant().minus(WINDOW);
        clients.values().removeIf(t -> t.isBefore(since));
        return clients.size();
    }

    /** The stream ended: nothing to count any more. */
    public void forget(String streamId) {
        lastFetch.remove(streamId);
    }
}

package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import onair.function.aws.StreamProbe;
import onair.function.config.OnAirConfig;
import onair.function.state.ReconnectWindow;
import onair.function.state.Recording;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one owner of IVS GetStream calls. IVS allows 5 GetStream calls per second per account and region, not
 * adjustable (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/service-quotas.html, "API Call Rate
 * Quotas": Stream / GetStream / 5 TPS), and every status instance has its own memory, so the bound is per
 * instance and independent of the number of viewers:
 * <ul>
 *   <li>a call happens only inside a status request (nothing at rest, no timer);</li>
 *   <li>only while the cached state is live or inside the reconnect window, or - the one case while offline - when
 *       a recording has been open for a minute that began after the last stream we know of: IVS sent its
 *       Recording Start but we never got the broadcast's Stream Start. EventBridge delivers IVS events on a best-effort
 *       basis (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/eventbridge.html: a stream can start
 *       without a change event being sent), and without this the site would say "offline" for the whole broadcast.
 *       The minute lets a Start that is merely late arrive first (a Start that comes later is not announced: the
 *       document is already live). Once GetStream answers "not broadcasting" for such a recording, this instance
 *       does not ask about it again (its Recording End was lost too: nothing is left to repair);</li>
 *   <li>at most one call per {@code reconcileIntervalSeconds} (N) per instance, one at a time (others skip and use
 *       the last answer, never wait).</li>
 * </ul>
 * So the account sees at most I / N GetStream calls per second for I warm status instances (README "Viewer count").
 * One answer serves both uses: repairing a lost Stream End / Stream Start ({@link LiveReconciler}) and the viewer
 * count of the live stream ({@link #viewerCount}).
 */
@Singleton
public class StreamWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StreamWatch.class);
    /** How long a Recording Start may precede its broadcast's (late) Stream Start before we ask IVS. */
    static final Duration START_GRACE = Duration.ofSeconds(60);

    /** One GetStream answer and when it was asked. */
    public record Sample(Instant checkedAt, StreamProbe.Result result) {
    }

    private final StreamProbe probe;
    private final Clock clock;
    private final Duration interval;
    private final ReconnectWindow window;
    private final AtomicBoolean checking = new AtomicBoolean();
    /** First clock millisecond at which the next call is allowed: last call + interval, rounded up (never early). */
    private volatile long nextCheckMillis = Long.MIN_VALUE;
    private volatile Sample latest;
    /** Key prefix of an open recording GetStream found no broadcast for while the document was idle. */
    private volatile String settledRecording;

    public StreamWatch(StreamProbe probe, Clock clock, OnAirConfig config) {
        this.probe = probe;
        this.clock = clock;
        this.interval = Duration.ofSeconds(Math.max(1, config.reconcileIntervalSeconds()));
        this.window = ReconnectWindow.ofSeconds(config.recordingReconnectWindowSeconds());
    }

    /** @return a new answer when this request made the one call allowed now; empty otherwise (or on an error) */
    public Optional<Sample> check(StreamState cached) {
        if (!probe.configured()) {
            return Optional.empty();
        }
        if (clock.millis() < nextCheckMillis) {
            return Optional.empty(); // the usual case, first: it needs no Instant (this runs on every request)
        }
        Instant now = clock.instant();
        boolean watched = cached.isLive() || window.reconnecting(cached, now);
        boolean unannounced = !watched && recordingWithoutItsStart(cached, now);
        if (!watched && !unannounced) {
            return Optional.empty();
        }
        if (!checking.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            Instant next = now.plus(interval);
            nextCheckMillis = next.toEpochMilli() + (next.getNano() % 1_000_000 == 0 ? 0 : 1);
            Sample s = new Sample(now, probe.probe());
            latest = s;
            if (unannounced && s.result().answer() == StreamProbe.Answer.NOT_BROADCASTING) {
                settledRecording = cached.recording().keyPrefix();
            }
            return Optional.of(s);
        } catch (RuntimeException e) {
            LOG.warn("GetStream failed, keeping what we have: {}", e.toString());
            return Optional.empty();
        } finally {
            checking.set(false);
        }
    }

    /**
     * An open recording that began after the last stream we know of, at least {@link #START_GRACE} ago, and not yet
     * found without a broadcast: the Stream Start of its broadcast is missing.
     */
    private boolean recordingWithoutItsStart(StreamState cached, Instant now) {
        Recording r = cached.recording();
        return r != null && r.inProgress() && r.startedAt() != null
                && (cached.lastLiveAt() == null || r.startedAt().isAfter(cached.lastLiveAt()))
                && !now.isBefore(r.startedAt().plus(START_GRACE))
                && !r.keyPrefix().equals(settledRecording);
    }

    /** The viewer count of live stream {@code streamId} from the last answer; null when unknown. */
    public @Nullable Long viewerCount(@Nullable String streamId) {
        Sample s = latest;
        if (s == null || streamId == null || s.result().answer() != StreamProbe.Answer.LIVE
                || !streamId.equals(s.result().streamId())) {
            return null;
        }
        return s.result().viewerCount();
    }
}

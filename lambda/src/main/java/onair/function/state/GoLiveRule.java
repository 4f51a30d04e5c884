package onair.function.state;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;

/**
 * When a change of the state document begins a new broadcast, which is announced once (go-live notifications).
 * Pure: the state before, the event and the state machine's decision in; the state to write and the verdict out.
 *
 * <p>A broadcast begins with a Stream Start that turns the document live, judged by the event's own time (EventBridge
 * delivers late, twice or out of order: never by arrival):
 * <ul>
 *   <li>not when the document was already live: another stream replacing the live one is a reconnect or a takeover
 *       of the same broadcast (its Start overtook the previous stream's End);</li>
 *   <li>not when the Start falls inside the reconnect window of the last stream's end ({@link ReconnectWindow}
 *       evaluated at the Start's time): IVS merges such a reconnect into the same broadcast and recording;</li>
 *   <li>not twice for one stream: the chosen stream is recorded as {@code broadcastStreamId} in the very document the
 *       decision writes, and a duplicate or replayed Start of it changes nothing (its event id is among the recent
 *       ids, and the state machine ignores a Start of the current stream id), so it can never be announced again;</li>
 *   <li>only Stream Start: a Stream Takeover (another encoder took over) or GetStream's repair of a lost Start
 *       while reconnecting continue a broadcast.</li>
 * </ul>
 * A broadcast whose Start arrives after its own End (the state machine ignores that Start: it is already over) is
 * not announced: it was over when we learned of it.
 */
@Singleton
public class GoLiveRule {

    /**
     * @param state  what to write (the decision's state, with the broadcast recorded when one begins)
     * @param goLive whether this change begins a broadcast that must be announced once
     * @param reason one line for the log
     */
    public record Verdict(StreamState state, boolean goLive, String reason) {
    }

    private final ReconnectWindow window;

    @Inject
    public GoLiveRule(OnAirConfig config) {
        this(ReconnectWindow.ofSeconds(config.recordingReconnectWindowSeconds()));
    }

    public GoLiveRule(ReconnectWindow window) {
        this.window = window;
    }

    public Verdict judge(StreamState before, IvsEvent event, Decision decision) {
        if (!decision.changed() || event.kind() != EventKind.STREAM_START || !decision.state().isLive()) {
            return new Verdict(decision.state(), false, "no new broadcast");
        }
        String stream = DocumentBounds.id(event.streamId());
        if (before.isLive()) {
            return new Verdict(decision.state(), false, "stream " + stream + " replaces live " + before.streamId()
                    + ": same broadcast, not announced again");
        }
        if (window.reconnecting(before, event.time())) {
            return new Verdict(decision.state(), false, "stream " + stream + " reconnects within "
                    + window.window().toSeconds() + " s of the end of " + before.streamId()
                    + ": same broadcast, not announced again");
        }
        if (stream.equals(before.broadcastStreamId())) {
            return new Verdict(decision.state(), false, "broadcast " + stream + " was already announced");
        }
        return new Verdict(decision.state().withBroadcast(stream), true, "new broadcast " + stream + ": announce");
    }
}

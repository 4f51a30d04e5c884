package onair.function.state;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Objects;

/**
 * The ordering rules: how one IVS event changes the state document. Pure (no I/O), so every rule is unit-tested.
 *
 * <p>EventBridge delivery is best effort: late, duplicated, out of order or lost. The rules therefore compare
 * the event's own {@code time} and {@code stream_id} with what the document already reflects, never arrival order:
 * <ol>
 *   <li>an event id seen among the recent ids is a duplicate and changes nothing;</li>
 *   <li>a stream event older than the current status ({@code since}) is ignored;</li>
 *   <li>a live stream is ended only by an End/Failure/Session Ended of that same stream id (or by reconciliation
 *       with GetStream): an End for another stream id is an older stream's late event;</li>
 *   <li>a Start of a stream that already ended here (its End overtook its Start) is ignored;</li>
 *   <li>recording events are ordered by their own time and matched by key prefix.</li>
 * </ol>
 */
@Singleton
public class StateMachine {

    public Decision apply(StreamState current, IvsEvent event, Instant now) {
        // Every id, list and text is bounded as the document keeps it (SSM's 4 KB limit), before any comparison.
        IvsEvent e = DocumentBounds.bounded(event);
        if (current.eventIds().contains(e.id())) {
            return Decision.ignore(current, "duplicate event id " + e.id());
        }
        Decision d = switch (e.kind()) {
            case STREAM_START, STREAM_TAKEOVER -> start(current, e);
            case STREAM_END, STREAM_FAILURE -> end(current, e);
            case SESSION_ENDED -> sessionEnded(current, e);
            case SESSION_CREATED, STREAM_TAKEOVER_FAILURE ->
                    Decision.ignore(current, e.kind().label() + " does not change live/idle");
            case RECORDING_START -> recordingStart(current, e);
            case RECORDING_END, RECORDING_END_FAILURE -> recordingEnd(current, e);
            case RECORDING_START_FAILURE -> recordingStartFailure(current, e);
        };
        return d.changed() ? new Decision(d.state().stamped(e.id(), now), true, d.reason()) : d;
    }

    /**
     * GetStream said the channel is not broadcasting at {@code checkedAt}: the End was lost. Same ordering rule as
     * events: a state that began after the check (a newer Start written meanwhile) is kept.
     */
    public Decision notBroadcasting(StreamState current, Instant checkedAt, Instant now) {
        if (!current.isLive()) {
            return Decision.ignore(current, "already idle");
        }
        if (current.since() != null && current.since().isAfter(checkedAt)) {
            return Decision.ignore(current, "live since " + current.since() + ", after the check at " + checkedAt);
        }
        StreamState idle = current.withStream(StreamState.IDLE, checkedAt, current.streamId(),
                current.streamStartedAt(), checkedAt, null).withEndInferred();
        return new Decision(idle.stamped(null, now), true,
                "applied: GetStream: not broadcasting at " + checkedAt + "; idle (Stream End was lost)");
    }

    /**
     * GetStream said the channel is live with {@code streamId} (started {@code startTime}) while the document is
     * idle: the Stream Start was lost (e.g. after a reconnect). Applied with the rules of a Stream Start, so a
     * stream that already ended here, or one older than the current state, changes nothing.
     */
    public Decision broadcasting(StreamState current, String streamId, Instant startTime, Instant now) {
        if (current.isLive()) {
            return Decision.ignore(current, "already live");
        }
        IvsEvent start = new IvsEvent(null, EventKind.STREAM_START, startTime, streamId, null, null, null, null, null,
                null);
        Decision d = start(current, DocumentBounds.bounded(start));
        return d.changed()
                ? new Decision(d.state().stamped(null, now), true, d.reason() + " (GetStream: the Stream Start was lost)")
                : d;
    }

    private Decision start(StreamState s, IvsEvent e) {
        if (e.streamId().equals(s.streamId())) {
            return Decision.ignore(s, s.isLive()
                    ? "stream " + e.streamId() + " is already live"
                    : "stream " + e.streamId() + " already ended (its end arrived first)");
        }
        if (s.since() != null && e.time().isBefore(s.since())) {
            return Decision.ignore(s, "start of " + e.streamId() + " at " + e.time()
                    + " is older than the current state (" + s.status() + " since " + s.since() + ")");
        }
        Recording r = s.recording();
        // A recording still being written spans reconnects (recordingReconnectWindowSeconds): it belongs to this
        // stream too. A finished one belongs to an earlier stream; the new one arrives with its Recording Start.
        Recording keep = r != null && (r.inProgress() || r.endedAt().isAfter(e.time())) ? r : null;
        StreamState next = s.withStream(StreamState.LIVE, e.time(), e.streamId(), e.time(), s.lastLiveAt(), null)
                .withRecording(keep);
        return Decision.apply(next, e.kind().label() + ": live with " + e.streamId() + " since " + e.time());
    }

    private Decision end(StreamState s, IvsEvent e) {
        boolean failure = e.kind() == EventKind.STREAM_FAILURE;
        String reason = failure ? Objects.requireNonNullElse(e.reason(), "Stream Failure") : null;
        if (s.isLive()) {
            if (!e.streamId().equals(s.streamId())) {
                return Decision.ignore(s, e.kind().label() + " of " + e.streamId() + " while " + s.streamId()
                        + " is live (started " + s.streamStartedAt() + "): an older stream's late event");
            }
            if (e.time().isBefore(s.since())) {
                return Decision.ignore(s, e.kind().label() + " at " + e.time() + " precedes the start " + s.since());
            }
            return Decision.apply(idle(s, e, s.streamStartedAt(), reason), e.kind().label() + ": idle since " + e.time());
        }
        if (e.streamId().equals(s.streamId())) {
            if (s.isEndInferred() && (s.streamStartedAt() == null || !e.time().isBefore(s.streamStartedAt()))) {
                // GetStream ended it first (its End was late, not lost): the event knows when it really ended,
                // which is where the reconnect window starts.
                return Decision.apply(idle(s, e, s.streamStartedAt(), reason), e.kind().label() + " of "
                        + e.streamId() + " at " + e.time() + " replaces the end inferred from GetStream at "
                        + s.lastLiveAt());
            }
            if (failure && s.failureReason() == null) {
                return Decision.apply(s.withFailureReason(reason), "failure reason of ended " + e.streamId());
            }
            return Decision.ignore(s, "stream " + e.streamId() + " already ended");
        }
        if (s.since() != null && !e.time().isAfter(s.since())) {
            return Decision.ignore(s, e.kind().label() + " of " + e.streamId() + " at " + e.time()
                    + " is not newer than the current state (idle since " + s.since() + ")");
        }
        // A newer stream whose Start was lost: it is already over; remember it so its late Start is ignored.
        return Decision.apply(idle(s, e, null, reason), e.kind().label() + " of unseen stream " + e.streamId());
    }

    private Decision sessionEnded(StreamState s, IvsEvent e) {
        if (!s.isLive()) {
            return Decision.ignore(s, "Session Ended while idle");
        }
        if (e.streamId() != null && !e.streamId().equals(s.streamId())) {
            return Decision.ignore(s, "Session Ended of " + e.streamId() + " while " + s.streamId() + " is live");
        }
        if (e.time().isBefore(s.since())) {
            return Decision.ignore(s, "Session Ended at " + e.time() + " precedes the start " + s.since());
        }
        // "Session Ended may come before Stream End": the session is over, so is the stream.
        IvsEvent asEnd = new IvsEvent(e.id(), e.kind(), e.time(), s.streamId(), null, null, null, null, null, null);
        return Decision.apply(idle(s, asEnd, s.streamStartedAt(), null), "Session Ended: idle since " + e.time());
    }

    private static StreamState idle(StreamState s, IvsEvent e, Instant startedAt, String failureReason) {
        return s.withStream(StreamState.IDLE, e.time(), e.streamId(), startedAt, e.time(), failureReason);
    }

    private static Decision unfitPrefix(StreamState s, IvsEvent e) {
        return Decision.ignore(s, e.kind().label() + ": recording key prefix of " + e.keyPrefix().length()
                + " characters does not fit the 4 KB state document (IVS prefixes are ~70)");
    }

    private Decision recordingStart(StreamState s, IvsEvent e) {
        if (!DocumentBounds.keyPrefixFits(e.keyPrefix())) {
            return unfitPrefix(s, e);
        }
        Recording r = s.recording();
        if (r != null && r.keyPrefix().equals(e.keyPrefix())) {
            return Decision.ignore(s, "recording " + e.keyPrefix() + " already known");
        }
        if (r != null && e.time().isBefore(r.startedAt())) {
            return Decision.ignore(s, "Recording Start at " + e.time() + " is older than the current recording ("
                    + r.startedAt() + ")");
        }
        Recording next = new Recording(e.bucket(), e.keyPrefix(), e.sessionId(), e.time(), null, null);
        return Decision.apply(s.withRecording(next), "recording " + e.keyPrefix() + " since " + e.time());
    }

    private Decision recordingEnd(StreamState s, IvsEvent e) {
        if (!DocumentBounds.keyPrefixFits(e.keyPrefix())) {
            return unfitPrefix(s, e);
        }
        Recording r = s.recording();
        if (r != null && r.keyPrefix().equals(e.keyPrefix())) {
            if (!r.inProgress()) {
                return Decision.ignore(s, "recording " + e.keyPrefix() + " already ended");
            }
            Recording ended = new Recording(r.bucket() != null ? r.bucket() : e.bucket(), r.keyPrefix(),
                    r.sessionId() != null ? r.sessionId() : e.sessionId(), r.startedAt(), e.time(), e.streamIds());
            return Decision.apply(s.withRecording(ended), e.kind().label() + " of " + e.keyPrefix());
        }
        // The Start of this recording was lost (or never came): its duration tells when it began.
        Instant startedAt = e.durationMs() == null ? e.time() : e.time().minusMillis(e.durationMs());
        if (r != null && startedAt.isBefore(r.startedAt())) {
            return Decision.ignore(s, e.kind().label() + " of " + e.keyPrefix()
                    + " ends a recording older than the current one (" + r.keyPrefix() + ")");
        }
        Recording ended = new Recording(e.bucket(), e.keyPrefix(), e.sessionId(), startedAt, e.time(), e.streamIds());
        return Decision.apply(s.withRecording(ended), e.kind().label() + " of unseen recording " + e.keyPrefix());
    }

    private Decision recordingStartFailure(StreamState s, IvsEvent e) {
        if (s.since() != null && e.time().isBefore(s.since())) {
            return Decision.ignore(s, "Recording Start Failure at " + e.time() + " is older than the current state");
        }
        String reason = "Recording Start Failure" + (e.reason() == null ? "" : ": " + e.reason());
        return Decision.apply(s.withFailureReason(reason), reason);
    }
}

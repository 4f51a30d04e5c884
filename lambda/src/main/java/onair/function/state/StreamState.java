package onair.function.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The state document kept in the one SSM parameter. A missing parameter means {@link #initial()}.
 *
 * @param status           "live" or "idle"
 * @param since            event time at which the current status began
 * @param streamId         the current (live) or last stream
 * @param streamStartedAt  Stream Start time of {@code streamId}: orders stream events of different streams
 * @param lastLiveAt       when the last stream ended
 * @param failureReason    reason of a Stream Failure / Recording Start Failure
 * @param recording        the current or last recording
 * @param recentEventIds   ids of the last applied events, newest last: EventBridge may deliver twice
 * @param updatedAt        when the document was written
 * @param endInferred      true when the last end was inferred from GetStream (the Stream End was lost or late):
 *                         when it really ended is unknown until that Stream End arrives and replaces it, so the
 *                         reconnect window is offered only while the recording is open ({@link ReconnectWindow})
 * @param broadcastStreamId the stream whose Stream Start began the current (or last) broadcast and was announced
 *                         (go-live notification); reconnects keep it. Written in the same PutParameter as the live
 *                         state, so deciding to notify and recording it are one write ({@link GoLiveRule})
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StreamState(
        String status,
        @Nullable Instant since,
        @Nullable String streamId,
        @Nullable Instant streamStartedAt,
        @Nullable Instant lastLiveAt,
        @Nullable String failureReason,
        @Nullable Recording recording,
        @Nullable List<String> recentEventIds,
        @Nullable Instant updatedAt,
        @Nullable Boolean endInferred,
        @Nullable String broadcastStreamId) {

    public static final String LIVE = "live";
    public static final String IDLE = "idle";
    /** Enough to cover a burst of retries; small enough to keep the document far below the 4 KB SSM limit. */
    static final int RECENT_IDS = 20;

    public static StreamState initial() {
        return new StreamState(IDLE, null, null, null, null, null, null, List.of(), null, null, null);
    }

    public boolean isLive() {
        return LIVE.equals(status);
    }

    public boolean isEndInferred() {
        return Boolean.TRUE.equals(endInferred);
    }

    public List<String> eventIds() {
        return recentEventIds == null ? List.of() : recentEventIds;
    }

    StreamState withStream(String newStatus, Instant newSince, String newStreamId, Instant newStreamStartedAt,
                           Instant newLastLiveAt, String newFailureReason) {
        return new StreamState(newStatus, newSince, newStreamId, newStreamStartedAt, newLastLiveAt, newFailureReason,
                recording, recentEventIds, updatedAt, null, broadcastStreamId);
    }

    StreamState withRecording(Recording newRecording) {
        return new StreamState(status, since, streamId, streamStartedAt, lastLiveAt, failureReason, newRecording,
                recentEventIds, updatedAt, endInferred, broadcastStreamId);
    }

    StreamState withFailureReason(String reason) {
        return new StreamState(status, since, streamId, streamStartedAt, lastLiveAt, reason, recording,
                recentEventIds, updatedAt, endInferred, broadcastStreamId);
    }

    /** The end was inferred from GetStream (see {@link #endInferred}). */
    StreamState withEndInferred() {
        return new StreamState(status, since, streamId, streamStartedAt, lastLiveAt, failureReason, recording,
                recentEventIds, updatedAt, Boolean.TRUE, broadcastStreamId);
    }

    /** The broadcast that {@code streamId}'s Start began (and that was announced). */
    StreamState withBroadcast(String streamId) {
        return new StreamState(status, since, this.streamId, streamStartedAt, lastLiveAt, failureReason, recording,
                recentEventIds, updatedAt, endInferred, DocumentBounds.id(streamId));
    }

    /** Stamps a change: remembers the event id (bounded) and the write time. */
    public StreamState stamped(@Nullable String eventId, Instant now) {
        List<String> ids = new ArrayList<>(eventIds());
        if (eventId != null) {
            ids.add(DocumentBounds.id(eventId));
        }
        while (ids.size() > RECENT_IDS) {
            ids.remove(0);
        }
        // Bounded again here: a document written before the bounds existed shrinks on its next change.
        Recording rec = recording == null ? null : new Recording(recording.bucket(), recording.keyPrefix(),
                recording.sessionId(), recording.startedAt(), recording.endedAt(),
                DocumentBounds.streamIds(recording.streamIds()));
        return new StreamState(status, since, streamId, streamStartedAt, lastLiveAt,
                DocumentBounds.text(failureReason), rec, List.copyOf(ids), now.truncatedTo(ChronoUnit.MILLIS),
                endInferred, DocumentBounds.id(broadcastStreamId));
    }
}

package onair.function.state;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A validated IVS event for our channel.
 *
 * @param id         EventBridge event id (dedupe key)
 * @param kind       what happened
 * @param time       when IVS says it happened (not when it arrived)
 * @param streamId   detail.stream_id (stream events; may be null for session events)
 * @param reason     Stream Failure reason / recording_status_reason
 * @param bucket     recording_s3_bucket_name
 * @param keyPrefix  recording_s3_key_prefix
 * @param durationMs recording_duration_ms
 * @param sessionId  recording_session_id
 * @param streamIds  recording_session_stream_ids
 */
public record IvsEvent(
        String id,
        EventKind kind,
        Instant time,
        @Nullable String streamId,
        @Nullable String reason,
        @Nullable String bucket,
        @Nullable String keyPrefix,
        @Nullable Long durationMs,
        @Nullable String sessionId,
        @Nullable List<String> streamIds) {

    public static final String SOURCE = "aws.ivs";
    public static final String STREAM_STATE_CHANGE = "IVS Stream State Change";
    public static final String RECORDING_STATE_CHANGE = "IVS Recording State Change";

    @Override
    public String toString() {
        return kind.label() + " (id " + id + ", time " + time + (streamId == null ? "" : ", stream " + streamId)
                + (keyPrefix == null ? "" : ", prefix " + keyPrefix) + ")";
    }
}

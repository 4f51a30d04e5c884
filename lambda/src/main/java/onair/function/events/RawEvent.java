package onair.function.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An EventBridge envelope as delivered, before any validation (every field may be missing). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record RawEvent(
        @Nullable String id,
        @Nullable @JsonProperty("detail-type") String detailType,
        @Nullable String source,
        @Nullable String time,
        @Nullable List<String> resources,
        @Nullable Detail detail) {

    /** The IVS detail fields OnAir reads (stream and recording state changes share one shape here). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detail(
            @Nullable @JsonProperty("event_name") String eventName,
            @Nullable @JsonProperty("stream_id") String streamId,
            @Nullable String reason,
            @Nullable @JsonProperty("recording_status") String recordingStatus,
            @Nullable @JsonProperty("recording_status_reason") String recordingStatusReason,
            @Nullable @JsonProperty("recording_s3_bucket_name") String recordingBucket,
            @Nullable @JsonProperty("recording_s3_key_prefix") String recordingKeyPrefix,
            @Nullable @JsonProperty("recording_duration_ms") Long recordingDurationMs,
            @Nullable @JsonProperty("recording_session_id") String recordingSessionId,
            @Nullable @JsonProperty("recording_session_stream_ids") List<String> recordingSessionStreamIds) {
    }
}

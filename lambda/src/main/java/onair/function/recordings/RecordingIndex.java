package onair.function.recordings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The list of past broadcasts: one JSON object in the recordings bucket ({@link RecordingsConfig#recordingsIndexKey()}),
 * written by the events function and by {@code scripts/rebuild-recordings-index} (same format), read by the status
 * function. Outside SSM: a busy channel's recordings would not fit a 4 KB parameter.
 *
 * @param version    format version (1)
 * @param recordings every known ended or failed recording, newest first
 * @param updatedAt  when it was written
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RecordingIndex(int version, List<Entry> recordings, @Nullable Instant updatedAt) {

    public static final int VERSION = 1;

    public static RecordingIndex empty() {
        return new RecordingIndex(VERSION, List.of(), null);
    }

    public List<Entry> entries() {
        return recordings == null ? List.of() : recordings;
    }

    /**
     * One recording.
     *
     * @param id           the recording id: the last part of the key prefix (IVS's recording_id)
     * @param keyPrefix    recording_s3_key_prefix ({@code ivs/v1/<account>/<channel>/<y>/<m>/<d>/<h>/<min>/<id>})
     * @param status       {@link #ENDED} (playable) or {@link #FAILED} (Recording End Failure / recording-failed.json:
     *                     never listed)
     * @param startedAt    when the recording began (End time minus recording_duration_ms, or recording_started_at)
     * @param endedAt      time of the Recording End (or recording_ended_at)
     * @param durationMs   recording_duration_ms (or media.hls.duration_ms)
     * @param thumbnailKey the newest SEQUENTIAL thumbnail when the recording ended, or null
     * @param title        the channel's title when the recording ended, or null (the page then shows the date)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Entry(String id, String keyPrefix, String status, Instant startedAt, Instant endedAt,
                        long durationMs, @Nullable String thumbnailKey, @Nullable String title) {

        public static final String ENDED = "ended";
        public static final String FAILED = "failed";

        public boolean playable() {
            return ENDED.equals(status);
        }
    }
}

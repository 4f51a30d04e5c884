package onair.function.recordings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Past broadcasts (env ONAIR_RECORDINGS_BUCKET, ONAIR_RECORDING_RETENTION_DAYS, ONAIR_RECORDINGS_INDEX_KEY,
 * ONAIR_RECORDINGS_PAGE_SIZE).
 *
 * @param recordingsBucket       the bucket IVS records to; the index object lives there too
 * @param recordingRetentionDays the bucket's lifecycle expiry of {@code ivs/} (Terraform {@code recording_retention_days});
 *                               0 = recordings never expire
 * @param recordingsIndexKey     key of the index object: outside {@code ivs/}, so the lifecycle rule never expires
 *                               it and CloudFront (which may read {@code ivs/*} only) never serves it
 * @param recordingsPageSize     recordings per page of GET /api/recordings
 */
@ConfigurationProperties("onair")
public record RecordingsConfig(
        @Nullable String recordingsBucket,
        @Bindable(defaultValue = "0") int recordingRetentionDays,
        @Bindable(defaultValue = "onair/recordings-index.json") String recordingsIndexKey,
        @Bindable(defaultValue = "20") int recordingsPageSize) {

    public boolean configured() {
        return recordingsBucket != null && !recordingsBucket.isBlank();
    }
}

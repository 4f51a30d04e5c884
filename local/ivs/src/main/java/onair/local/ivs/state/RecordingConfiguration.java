package onair.local.ivs.state;

import java.util.List;
import java.util.Map;

/** An auto-record-to-S3 configuration. */
public record RecordingConfiguration(
        String id,
        String arn,
        String name,
        String bucketName,
        int recordingReconnectWindowSeconds,
        String renditionSelection,
        List<String> renditions,
        String thumbnailRecordingMode,
        long thumbnailTargetIntervalSeconds,
        String thumbnailResolution,
        List<String> thumbnailStorage,
        Map<String, String> tags) {

    public RecordingConfiguration withTags(Map<String, String> newTags) {
        return new RecordingConfiguration(id, arn, name, bucketName, recordingReconnectWindowSeconds,
                renditionSelection, renditions, thumbnailRecordingMode, thumbnailTargetIntervalSeconds,
                thumbnailResolution, thumbnailStorage, Map.copyOf(newTags));
    }

    public boolean thumbnailsEnabled() {
        return "INTERVAL".equals(thumbnailRecordingMode);
    }
}

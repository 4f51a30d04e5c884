package onair.local.ivs.state;

import java.util.Map;

/** A channel as IVS stores it; derived fields (ingest endpoint, playback URL) are computed by the API views. */
public record Channel(
        String id,
        String arn,
        String name,
        String latencyMode,
        String type,
        String preset,
        String recordingConfigurationArn,
        boolean authorized,
        boolean insecureIngest,
        String playbackRestrictionPolicyArn,
        String containerFormat,
        String srtPassphrase,
        Map<String, String> tags) {

    public Channel withTags(Map<String, String> newTags) {
        return new Channel(id, arn, name, latencyMode, type, preset, recordingConfigurationArn, authorized,
                insecureIngest, playbackRestrictionPolicyArn, containerFormat, srtPassphrase, Map.copyOf(newTags));
    }
}

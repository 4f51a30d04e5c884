package onair.local.ivs.state;

import java.util.Map;

/** A stream key; IVS allows one per channel. */
public record StreamKey(String id, String arn, String channelArn, String value, Map<String, String> tags) {

    public StreamKey withTags(Map<String, String> newTags) {
        return new StreamKey(id, arn, channelArn, value, Map.copyOf(newTags));
    }
}

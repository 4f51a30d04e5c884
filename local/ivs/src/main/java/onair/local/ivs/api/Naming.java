package onair.local.ivs.api;

/**
 * ARNs, playback URLs and the ingest endpoint of this emulated region/account.
 * The ingest endpoint is the bare host (like IVS's hostname); the RTMP port is not part of it because
 * clients build rtmps://<ingestEndpoint>:443/app/ from it — locally, use rtmpUrl() instead.
 */
public record Naming(String region, String account, int playbackPort, int rtmpPort) {

    public String channelArn(String id) {
        return arn("channel", id);
    }

    public String streamKeyArn(String id) {
        return arn("stream-key", id);
    }

    public String recordingConfigurationArn(String id) {
        return arn("recording-configuration", id);
    }

    private String arn(String type, String id) {
        return "arn:aws:ivs:" + region + ":" + account + ":" + type + "/" + id;
    }

    /** The id at the end of an ARN of the given type in this region/account, or a ValidationException. */
    public String idOf(String arn, String type) {
        String prefix = "arn:aws:ivs:" + region + ":" + account + ":" + type + "/";
        if (arn == null || !arn.startsWith(prefix) || !arn.substring(prefix.length()).matches("[a-zA-Z0-9]+")) {
            throw ApiException.validation("'" + arn + "' is not a " + type + " ARN of " + region + "/" + account);
        }
        return arn.substring(prefix.length());
    }

    public String playbackUrl(String channelId) {
        return "http://127.0.0.1:" + playbackPort + "/api/video/v1/" + playbackName(channelId) + ".m3u8";
    }

    public String playbackName(String channelId) {
        return region + "." + account + ".channel." + channelId;
    }

    public String ingestEndpoint() {
        return "127.0.0.1";
    }

    public String rtmpUrl() {
        return "rtmp://127.0.0.1:" + rtmpPort + "/app/";
    }
}

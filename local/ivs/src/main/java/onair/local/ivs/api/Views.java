package onair.local.ivs.api;

import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Channel;
import onair.local.ivs.state.RecordingConfiguration;
import onair.local.ivs.state.StreamKey;

/** Renders stored resources in the IVS API's JSON shapes. */
public final class Views {

    private final ObjectMapper mapper;
    private final Naming naming;

    public Views(ObjectMapper mapper, Naming naming) {
        this.mapper = mapper;
        this.naming = naming;
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public ObjectNode channel(Channel c) {
        ObjectNode n = channelSummary(c);
        n.put("ingestEndpoint", naming.ingestEndpoint());
        n.put("playbackUrl", naming.playbackUrl(c.id()));
        n.put("containerFormat", c.containerFormat());
        ObjectNode srt = n.putObject("srt");
        srt.put("endpoint", naming.ingestEndpoint());
        srt.put("passphrase", c.srtPassphrase());
        ObjectNode multitrack = n.putObject("multitrackInputConfiguration");
        multitrack.put("enabled", false);
        multitrack.put("maximumResolution", "FULL_HD");
        multitrack.put("policy", "ALLOW");
        return n;
    }

    public ObjectNode channelSummary(Channel c) {
        ObjectNode n = object();
        n.put("arn", c.arn());
        n.put("name", c.name());
        n.put("latencyMode", c.latencyMode());
        n.put("type", c.type());
        n.put("preset", c.preset());
        n.put("recordingConfigurationArn", c.recordingConfigurationArn());
        n.put("authorized", c.authorized());
        n.put("insecureIngest", c.insecureIngest());
        n.put("playbackRestrictionPolicyArn", c.playbackRestrictionPolicyArn());
        tags(n, c.tags());
        return n;
    }

    public ObjectNode streamKey(StreamKey k) {
        ObjectNode n = streamKeySummary(k);
        n.put("value", k.value());
        return n;
    }

    public ObjectNode streamKeySummary(StreamKey k) {
        ObjectNode n = object();
        n.put("arn", k.arn());
        n.put("channelArn", k.channelArn());
        tags(n, k.tags());
        return n;
    }

    public ObjectNode recordingConfiguration(RecordingConfiguration r) {
        ObjectNode n = recordingConfigurationSummary(r);
        n.put("recordingReconnectWindowSeconds", r.recordingReconnectWindowSeconds());
        ObjectNode rendition = n.putObject("renditionConfiguration");
        rendition.put("renditionSelection", r.renditionSelection());
        r.renditions().forEach(rendition.putArray("renditions")::add);
        ObjectNode thumbs = n.putObject("thumbnailConfiguration");
        thumbs.put("recordingMode", r.thumbnailRecordingMode());
        thumbs.put("targetIntervalSeconds", r.thumbnailTargetIntervalSeconds());
        if (!r.thumbnailResolution().isEmpty()) {
            // unset = source resolution; botocore's ThumbnailConfigurationResolution has no "" value
            thumbs.put("resolution", r.thumbnailResolution());
        }
        r.thumbnailStorage().forEach(thumbs.putArray("storage")::add);
        return n;
    }

    public ObjectNode recordingConfigurationSummary(RecordingConfiguration r) {
        ObjectNode n = object();
        n.put("arn", r.arn());
        n.put("name", r.name());
        n.putObject("destinationConfiguration").putObject("s3").put("bucketName", r.bucketName());
        // creation is synchronous here, so the configuration is ACTIVE as soon as anyone can read it
        n.put("state", "ACTIVE");
        tags(n, r.tags());
        return n;
    }

    public ObjectNode stream(LiveChannels.LiveStream s, boolean withPlaybackUrl) {
        ObjectNode n = object();
        n.put("channelArn", s.channelArn());
        n.put("streamId", s.streamId());
        if (withPlaybackUrl) {
            n.put("playbackUrl", naming.playbackUrl(naming.idOf(s.channelArn(), "channel")));
        }
        n.put("startTime", DateTimeFormatter.ISO_INSTANT.format(s.startTime()));
        n.put("state", "LIVE");
        n.put("health", s.health());
        n.put("viewerCount", s.viewerCount());
        return n;
    }

    private void tags(ObjectNode n, Map<String, String> tags) {
        ObjectNode t = n.putObject("tags");
        tags.forEach(t::put);
    }
}

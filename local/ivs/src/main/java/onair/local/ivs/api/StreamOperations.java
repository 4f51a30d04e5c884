package onair.local.ivs.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Channel;

/** GetStream, ListStreams, StopStream, PutMetadata. */
public final class StreamOperations {

    private final ChannelOperations channels;
    private final Views views;
    private final LiveChannels live;

    public StreamOperations(ChannelOperations channels, Views views, LiveChannels live) {
        this.channels = channels;
        this.views = views;
        this.live = live;
    }

    public void register(Map<String, Operation> routes) {
        routes.put("/GetStream", this::get);
        routes.put("/ListStreams", this::list);
        routes.put("/StopStream", this::stop);
        routes.put("/PutMetadata", this::putMetadata);
    }

    private ObjectNode get(Body body) {
        Channel c = channels.existing(body.requireText("channelArn"));
        var stream = live.stream(c.arn()).orElseThrow(() -> ApiException.notBroadcasting(c.arn()));
        ObjectNode out = views.object();
        out.set("stream", views.stream(stream, true));
        return out;
    }

    private ObjectNode list(Body body) {
        ObjectNode out = views.object();
        Pages.page(body, live.streams().stream().map(s -> views.stream(s, false)).toList(), out, "streams", 50);
        return out;
    }

    private ObjectNode stop(Body body) {
        Channel c = channels.existing(body.requireText("channelArn"));
        if (!live.stop(c.arn())) {
            throw ApiException.notBroadcasting(c.arn());
        }
        return views.object();
    }

    /** Accepted and validated like IVS; the emulated HLS carries no timed metadata (documented gap). */
    private ObjectNode putMetadata(Body body) {
        Channel c = channels.existing(body.requireText("channelArn"));
        String metadata = body.requireText("metadata");
        if (metadata.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw ApiException.validation("metadata must be at most 1 KB");
        }
        live.stream(c.arn()).orElseThrow(() -> ApiException.notBroadcasting(c.arn()));
        return null;
    }
}

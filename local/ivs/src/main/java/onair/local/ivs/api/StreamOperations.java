package onair.local.ivs.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Channel;

/** GetStream, ListStreams, StopStream, PutMetadata. */
public final class StreamOperations {

    private final ChannelOperations channels;
    private final Views views;
    private final LiveChannels live;
    private final MetadataRate rate;
    private final Clock clock;

    /** 1 KB: "Maximum: 1 KB per request" (botocore PutMetadataRequest.metadata), counted as UTF-8 bytes. */
    static final int MAX_METADATA_BYTES = 1024;

    public StreamOperations(ChannelOperations channels, Views views, LiveChannels live) {
        this(channels, views, live, Clock.systemUTC(), System::nanoTime);
    }

    StreamOperations(ChannelOperations channels, Views views, LiveChannels live, Clock clock, LongSupplier nanos) {
        this.channels = channels;
        this.views = views;
        this.live = live;
        this.clock = clock;
        this.rate = new MetadataRate(nanos);
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

    /**
     * PutMetadata (botocore ivs 2020-07-14: PutMetadataRequest {channelArn, metadata (StreamMetadata, min 1)}, answer
     * 204 without a body; errors ResourceNotFoundException, AccessDeniedException, ValidationException,
     * ChannelNotBroadcasting, ThrottlingException; https://docs.aws.amazon.com/ivs/latest/LowLatencyAPIReference/API_PutMetadata.html):
     * "Maximum: 1 KB per request", "At most 5 requests per second per channel". The metadata goes into the live
     * stream as an ID3 tag at this moment (media/TimedMetadata) and so into its recording.
     */
    private ObjectNode putMetadata(Body body) {
        Channel c = channels.existing(body.requireText("channelArn"));
        String metadata = body.requireText("metadata");
        if (metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw ApiException.validation("metadata must be at most 1 KB (" + MAX_METADATA_BYTES + " bytes of UTF-8)");
        }
        if (!rate.admit(c.arn())) {
            throw ApiException.throttling("PutMetadata: at most " + MetadataRate.PER_SECOND
                    + " requests per second per channel");
        }
        if (!live.putMetadata(c.arn(), clock.instant(), metadata)) {
            throw ApiException.notBroadcasting(c.arn());
        }
        return null;
    }
}

package onair.local.ivs.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the API needs to know about, and do to, running broadcasts (implemented by the media side). */
public interface LiveChannels {

    /** A live stream as GetStream reports it. */
    record LiveStream(String channelArn, String streamId, Instant startTime, String health, long viewerCount) {
    }

    Optional<LiveStream> stream(String channelArn);

    List<LiveStream> streams();

    /** Disconnects the publisher; false when the channel is not live. */
    boolean stop(String channelArn);

    /** Puts timed metadata into the channel's live stream at {@code at}; false when the channel is not live. */
    boolean putMetadata(String channelArn, Instant at, String metadata);
}

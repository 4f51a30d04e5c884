package onair.function.aws;

import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.StreamState;

/** Asks IVS whether the channel is broadcasting right now (GetStream). */
@Singleton
public class StreamProbe {

    /** What GetStream said. */
    public enum Answer { LIVE, NOT_BROADCASTING }

    private final IvsClient ivs;
    private final OnAirConfig config;

    public StreamProbe(IvsClient ivs, OnAirConfig config) {
        this.ivs = ivs;
        this.config = config;
    }

    public boolean configured() {
        return config.channelArn() != null && !config.channelArn().isBlank();
    }

    /** Throws on any other SDK failure: the caller then keeps what it has. */
    public Answer probe() {
        try {
            var stream = ivs.getStream(b -> b.channelArn(config.channelArn())).stream();
            // Do not rely on OFFLINE alone, but honour it when IVS says so.
            return stream != null && stream.state() == StreamState.OFFLINE ? Answer.NOT_BROADCASTING : Answer.LIVE;
        } catch (ChannelNotBroadcastingException e) {
            return Answer.NOT_BROADCASTING;
        }
    }
}

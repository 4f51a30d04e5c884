package onair.function.aws;

import io.micronaut.context.BeanProvider;
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

    /** Made on the first probe (only a live state is probed): an idle channel's instance never builds it. */
    private final BeanProvider<IvsClient> ivs;
    private final OnAirConfig config;

    public StreamProbe(BeanProvider<IvsClient> ivs, OnAirConfig config) {
        this.ivs = ivs;
        this.config = config;
    }

    public boolean configured() {
        return config.channelArn() != null && !config.channelArn().isBlank();
    }

    /** Throws on any other SDK failure: the caller then keeps what it has. */
    public Answer probe() {
        try {
            var stream = ivs.get().getStream(b -> b.channelArn(config.channelArn())).stream();
            // Do not rely on OFFLINE alone, but honour it when IVS says so.
            return stream != null && stream.state() == StreamState.OFFLINE ? Answer.NOT_BROADCASTING : Answer.LIVE;
        } catch (ChannelNotBroadcastingException e) {
            return Answer.NOT_BROADCASTING;
        }
    }
}

package onair.function.aws;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.StreamState;

import java.time.Instant;

/**
 * Asks IVS about the channel's stream right now (GetStream). Never called directly by a request: {@code
 * onair.function.status.StreamWatch} decides when (IVS allows 5 GetStream calls per second per account, not
 * adjustable: https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/service-quotas.html).
 */
@Singleton
public class StreamProbe {

    /** What GetStream said. */
    public enum Answer { LIVE, NOT_BROADCASTING }

    /**
     * @param answer      live or not
     * @param streamId    the live stream's id (null when not broadcasting)
     * @param startTime   when it started (null when not broadcasting)
     * @param viewerCount IVS's count of concurrent views; null when not live or unknown (IVS says -1: "the request
     *                    timed out; in this case, retry", botocore IVS model, Stream.viewerCount)
     */
    public record Result(Answer answer, @Nullable String streamId, @Nullable Instant startTime,
                         @Nullable Long viewerCount) {

        static final Result NOT_BROADCASTING = new Result(Answer.NOT_BROADCASTING, null, null, null);
    }

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
    public Result probe() {
        try {
            var stream = ivs.get().getStream(b -> b.channelArn(config.channelArn())).stream();
            // Do not rely on OFFLINE alone, but honour it when IVS says so.
            if (stream == null || stream.state() == StreamState.OFFLINE) {
                return Result.NOT_BROADCASTING;
            }
            Long viewers = stream.viewerCount() == null || stream.viewerCount() < 0 ? null : stream.viewerCount();
            return new Result(Answer.LIVE, stream.streamId(), stream.startTime(), viewers);
        } catch (ChannelNotBroadcastingException e) {
            return Result.NOT_BROADCASTING;
        }
    }
}

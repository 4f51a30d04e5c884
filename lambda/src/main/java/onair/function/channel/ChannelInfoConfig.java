package onair.function.channel;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where the channel's info lives (env ONAIR_CHANNEL_INFO_PARAMETER, ONAIR_CHANNEL_INFO_TTL_SECONDS).
 *
 * @param parameter  SSM parameter written by scripts/channel; null = the stack has none (fields served as null)
 * @param ttlSeconds how long one read serves status requests on one instance (the info changes by hand, rarely)
 */
@ConfigurationProperties("onair.channel-info")
public record ChannelInfoConfig(@Nullable String parameter, @Bindable(defaultValue = "10") int ttlSeconds) {
}

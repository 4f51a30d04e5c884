package onair.function.channel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The channel's info as scripts/channel stores it: {"title":…,"description":…,"nextStreamAt":…}, each optional. */
@Serdeable
public record ChannelInfo(@Nullable String title, @Nullable String description, @Nullable String nextStreamAt) {

    public static final ChannelInfo NONE = new ChannelInfo(null, null, null);

}

package onair.function.events;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function's own channel, taken apart: IVS sends its events from the channel's account and region with the
 * channel ARN as the only resource, and writes recordings under {@code ivs/v1/<account>/<channel id>/}.
 *
 * @param arn       the channel ARN (ONAIR_CHANNEL_ARN)
 * @param region    its region
 * @param account   its account id
 * @param channelId the resource id after {@code channel/}
 */
record ChannelIdentity(String arn, String region, String account, String channelId) {

    /** botocore ivs 2020-07-14, shape ChannelArn: {@code arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+}. */
    private static final Pattern ARN = Pattern.compile("arn:aws:ivs:([a-z0-9-]+):([0-9]{12}):channel/([a-zA-Z0-9-]+)");

    static Optional<ChannelIdentity> of(@Nullable String arn) {
        if (arn == null || arn.length() > 128) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(arn);
        return m.matches() ? Optional.of(new ChannelIdentity(arn, m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}

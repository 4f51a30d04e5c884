package onair.function.channel;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.cache.TtlCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The channel's info (title, description, next stream) for the status body: its own SSM parameter, read at most
 * once per TTL per instance, shared by concurrent misses. It never fails a status request: a missing parameter is
 * "no info", an unreadable one keeps the last known info (or none), a corrupt one is logged and served as none.
 */
@Singleton
public class ChannelInfoCache {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelInfoCache.class);

    private final SsmClient ssm;
    private final JsonMapper json;
    private final Clock clock;
    private final String parameter;
    private final TtlCache<ChannelInfoRules.Checked> cache;
    /** Checked once per read, not per request ({@link ChannelInfoRules#check}). */
    private final TtlCache.Loader<ChannelInfoRules.Checked> reader =
            lastKnown -> ChannelInfoRules.check(read(lastKnown == null ? ChannelInfo.NONE : lastKnown.stored()));

    public ChannelInfoCache(SsmClient ssm, JsonMapper json, Clock clock, ChannelInfoConfig config) {
        this.ssm = ssm;
        this.json = json;
        this.clock = clock;
        this.parameter = config.parameter() == null || config.parameter().isBlank() ? null : config.parameter();
        this.cache = new TtlCache<>(clock, Duration.ofSeconds(config.ttlSeconds()), "channel info");
    }

    /** What the status body carries now: only fields within the contract, a passed next-stream time dropped. */
    public ChannelInfo current() {
        if (parameter == null) {
            return ChannelInfo.NONE;
        }
        // read() never throws (it falls back to the last known info), so the cache never marks this stale
        return cache.get(reader).value().at(clock.instant());
    }

    private ChannelInfo read(ChannelInfo lastKnown) {
        String value;
        try {
            value = ssm.getParameter(b -> b.name(parameter)).parameter().value();
        } catch (ParameterNotFoundException e) {
            return ChannelInfo.NONE;
        } catch (RuntimeException e) {
            LOG.warn("channel info parameter {} unreadable, keeping the last known info: {}", parameter, e.toString());
            return lastKnown;
        }
        try {
            ChannelInfo info = json.readValue(value, ChannelInfo.class);
            if (info == null) {
                return ChannelInfo.NONE;
            }
            if (!ChannelInfoRules.valid(info)) {
                LOG.error("channel info parameter {} holds fields outside the contract; serving those as null "
                        + "(scripts/channel set rewrites it)", parameter);
            }
            return info;
        } catch (IOException | RuntimeException e) {
            LOG.error("channel info parameter {} holds no valid JSON document ({}); serving no channel info",
                    parameter, e.getMessage());
            return ChannelInfo.NONE;
        }
    }
}

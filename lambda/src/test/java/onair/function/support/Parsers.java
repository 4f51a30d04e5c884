package onair.function.support;

import io.micronaut.json.JsonMapper;
import onair.function.config.EventValidationConfig;
import onair.function.config.OnAirConfig;
import onair.function.events.IvsEventParser;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** An {@link IvsEventParser} for the test channel, its recordings bucket and a fixed clock. */
public final class Parsers {

    public static final String BUCKET = "onair-recordings";

    private Parsers() {
    }

    public static IvsEventParser at(String now) {
        return at(Instant.parse(now), FunctionHarness.CHANNEL, BUCKET);
    }

    public static IvsEventParser at(Instant now, String channelArn, String bucket) {
        return new IvsEventParser(JsonMapper.createDefault(),
                new OnAirConfig("/p", channelArn, null, 14400, 10, 60, 60),
                new EventValidationConfig(bucket, 1_296_000, 300), Clock.fixed(now, ZoneOffset.UTC));
    }
}

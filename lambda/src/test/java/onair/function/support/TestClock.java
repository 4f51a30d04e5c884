package onair.function.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import onair.function.config.ClockFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so TTL and reconcile rules are proven without sleeping. */
@Singleton
@Replaces(bean = Clock.class, factory = ClockFactory.class)
@Requires(property = "onair-test.manual-clock", value = "true")
public class TestClock extends Clock {

    private volatile Instant now = Instant.parse("2026-01-01T12:00:10Z");

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

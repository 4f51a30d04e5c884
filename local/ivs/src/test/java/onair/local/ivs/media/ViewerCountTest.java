package onair.local.ivs.media;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** IVS: a view is removed from viewerCount within 1 minute of when playback ends; counted per stream. */
class ViewerCountTest {

    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

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

    @Test
    void aClientThatStopsFetchingLeavesWithinAMinute() {
        ManualClock clock = new ManualClock();
        ViewerCount v = new ViewerCount(clock);
        v.fetched("st-1", "127.0.0.1", "a");
        v.fetched("st-1", "127.0.0.1", "b");
        v.fetched("st-1", "10.0.0.2", "a");
        assertEquals(3, v.count("st-1"), "address and User-Agent make a client");
        for (int i = 0; i < 40; i++) { // "a" keeps playing: a reload every 2 s
            clock.now = clock.now.plusSeconds(2);
            v.fetched("st-1", "127.0.0.1", "a");
        }
        assertEquals(1, v.count("st-1"), "the two that stopped 80 s ago are gone; the playing one stays");
        assertEquals(0, v.count("st-2"), "counted per stream: a reconnect's new stream starts from its own fetches");
        v.forget("st-1");
        assertEquals(0, v.count("st-1"));
        v.fetched("st-1", "127.0.0.1", "a");
        clock.now = clock.now.plus(ViewerCount.WINDOW);
        assertEquals(1, v.count("st-1"), "exactly one minute: still counted");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertEquals(0, v.count("st-1"));
    }
}

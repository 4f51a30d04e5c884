package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import onair.local.ivs.media.RecordingTiming;

class EmulatorConfigTest {

    private static final String[] OK = {"--api-port", "1", "--playback-port", "2", "--rtmp-port", "3",
            "--s3-endpoint", "http://127.0.0.1:4", "--work-dir", "/tmp/w"};

    @Test
    void parsesFlagsWithDefaults() {
        EmulatorConfig c = EmulatorConfig.parse(OK);
        assertEquals("us-east-1", c.region());
        assertEquals("123456789012", c.account());
        assertEquals(3, c.rtmpPort());
        assertEquals(List.of("480p30", "360p30", "160p30"), c.renditions().stream().map(r -> r.name()).toList());
        assertEquals(RecordingTiming.IVS, c.recordingTiming());
        EmulatorConfig fast = EmulatorConfig.parse(java.util.stream.Stream.concat(java.util.Arrays.stream(OK), java.util.stream.Stream.of(
                "--recording-delay-seconds", "5", "--recording-playlist-interval-seconds", "3",
                "--recording-segment-seconds", "4", "--recording-endlist-while-live", "false", "--renditions", "none"))
                .toArray(String[]::new));
        assertEquals(new RecordingTiming(Duration.ofSeconds(5), Duration.ofSeconds(3), 4, false), fast.recordingTiming());
        assertEquals(List.of(), fast.renditions());
        assertEquals(null, c.eventsEndpoint());
    }

    @Test
    void badInputGetsAClearMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--api-port", "1"}))
                .getMessage().contains("--playback-port is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--api-port", "x"}))
                .getMessage().contains("port number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--bogus", "x"}))
                .getMessage().contains("unknown flag"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--account", "12"}))
                .getMessage().contains("12 digits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--recording-endlist-while-live", "yes"}))
                .getMessage().contains("true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(new String[] {"--recording-segment-seconds", "1"}))
                .getMessage().contains("2-60"));
        assertThrows(EmulatorConfig.HelpRequested.class, () -> EmulatorConfig.parse(new String[] {"--help"}));
    }
}

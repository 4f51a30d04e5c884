package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmulatorConfigTest {

    private static final String[] OK = {"--api-port", "1", "--playback-port", "2", "--rtmp-port", "3",
            "--s3-endpoint", "http://127.0.0.1:4", "--work-dir", "/tmp/w"};

    @Test
    void parsesFlagsWithDefaults() {
        EmulatorConfig c = EmulatorConfig.parse(OK);
        assertEquals("us-east-1", c.region());
        assertEquals("123456789012", c.account());
        assertEquals(3, c.rtmpPort());
        assertEquals(2, c.renditions().size());
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
        assertThrows(EmulatorConfig.HelpRequested.class, () -> EmulatorConfig.parse(new String[] {"--help"}));
    }
}

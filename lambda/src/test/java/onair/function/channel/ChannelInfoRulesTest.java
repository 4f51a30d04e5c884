package onair.function.channel;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.Fixtures;
import onair.function.support.Schema;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function's copy of the channel-info rules is the contract's (one owner: the schema). */
class ChannelInfoRulesTest {

    @Test
    void theRulesAreTheContractsRules() throws Exception {
        JsonNode p = Schema.tree(Files.readString(Fixtures.api("stream-status.schema.json"))).get("properties");
        assertEquals(ChannelInfoRules.TITLE_MAX, p.get("title").get("maxLength").asInt());
        assertEquals(ChannelInfoRules.TITLE_PATTERN, p.get("title").get("pattern").asText());
        assertEquals(ChannelInfoRules.DESCRIPTION_MAX, p.get("description").get("maxLength").asInt());
        assertEquals(ChannelInfoRules.DESCRIPTION_PATTERN, p.get("description").get("pattern").asText());
        assertEquals(ChannelInfoRules.NEXT_PATTERN, p.get("nextStreamAt").get("pattern").asText());
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String emoji = "🎥".repeat(100); // 100 code points, 200 UTF-16 units
        assertEquals(emoji, ChannelInfoRules.served(new ChannelInfo(emoji, null, null), Instant.EPOCH).title());
        assertNull(ChannelInfoRules.served(new ChannelInfo(emoji + "x", null, null), Instant.EPOCH).title());
    }

    @Test
    void validIgnoresTimeButNotShape() {
        assertTrue(ChannelInfoRules.valid(new ChannelInfo("a", "b", "2026-01-01T00:00:00Z")));
        assertFalse(ChannelInfoRules.valid(new ChannelInfo("a>b", null, null)));
        assertFalse(ChannelInfoRules.valid(new ChannelInfo(null, null, "2026-01-01T00:00:00.5Z")));
        assertFalse(ChannelInfoRules.valid(new ChannelInfo(null, "\u0085", null)));
    }
}

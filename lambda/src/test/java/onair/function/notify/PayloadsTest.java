package onair.function.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each channel's format and limits (sources in {@link Payloads}). */
class PayloadsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String URL = "https://d111111abcdef8.cloudfront.net/";
    static final Instant AT = Instant.parse("2026-12-24T18:00:03.250Z");
    static final Announcement PLAIN = new Announcement("Night Sky Live", URL, "st-1A2b3c4D5e6F78ghij9Klmn", AT);

    static String longTitle() {
        return "Ünïcödé & <tags> \"quotes\" @everyone ".repeat(6).substring(0, 200);
    }

    @Test
    void snsSubjectIsPrintableAsciiUnderOneHundredCharacters() {
        assertEquals("Live now: Night Sky Live", Payloads.snsSubject(PLAIN));
        String subject = Payloads.snsSubject(new Announcement(longTitle() + "\n\u0007", URL, "st-x", AT));
        assertTrue(subject.length() < 100, subject);
        assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f), subject);
        assertTrue(subject.startsWith("Live now: nc"), subject);
        assertEquals("Live now: OnAir", Payloads.snsSubject(new Announcement("日本語", URL, "st-x", AT)));
        assertEquals("Live now: OnAir", Payloads.snsSubject(new Announcement(null, URL, "st-x", AT)));
    }

    @Test
    void snsMessageCarriesTitleUrlAndStreamWellUnder256KB() {
        String m = Payloads.snsMessage(PLAIN);
        assertTrue(m.startsWith("Night Sky Live is live now."), m);
        assertTrue(m.contains("Watch: " + URL), m);
        assertTrue(m.contains("st-1A2b3c4D5e6F78ghij9Klmn, started 2026-12-24T18:00:03Z"), m);
        String worst = Payloads.snsMessage(new Announcement(longTitle(), URL, "st-x", AT));
        assertTrue(worst.getBytes(StandardCharsets.UTF_8).length <= Payloads.SNS_MESSAGE_MAX_BYTES);
        assertFalse(Payloads.snsMessage(new Announcement("T", null, "st-x", AT)).contains("Watch"));
    }

    @Test
    void discordIsContentWithNoMentions() throws Exception {
        JsonNode d = JSON.readTree(Payloads.discord(PLAIN));
        assertEquals("Night Sky Live is live now: " + URL, d.get("content").asText());
        assertTrue(d.get("allowed_mentions").get("parse").isArray());
        assertEquals(0, d.get("allowed_mentions").get("parse").size(), "a title cannot ping @everyone");
        JsonNode worst = JSON.readTree(Payloads.discord(new Announcement(longTitle(), URL, "st-x", AT)));
        assertTrue(worst.get("content").asText().length() <= Payloads.DISCORD_CONTENT_MAX);
        assertTrue(worst.get("content").asText().startsWith(longTitle()));
    }

    @Test
    void slackIsTextWithSlackEscaping() throws Exception {
        JsonNode s = JSON.readTree(Payloads.slack(new Announcement("Q&A <live> @channel", URL, "st-x", AT)));
        assertEquals("Q&amp;A &lt;live&gt; @channel is live now: <" + URL + ">", s.get("text").asText());
        assertEquals(1, s.size());
    }

    @Test
    void jsonCarriesEveryFieldAndNullTitleStaysNull() throws Exception {
        JsonNode j = JSON.readTree(Payloads.json(PLAIN));
        assertEquals("live", j.get("event").asText());
        assertEquals("Night Sky Live", j.get("title").asText());
        assertEquals(URL, j.get("url").asText());
        assertEquals("st-1A2b3c4D5e6F78ghij9Klmn", j.get("streamId").asText());
        assertEquals("2026-12-24T18:00:03Z", j.get("startedAt").asText());
        JsonNode none = JSON.readTree(Payloads.json(new Announcement(null, null, "st-x", AT)));
        assertTrue(none.get("title").isNull());
        assertTrue(none.get("url").isNull());
    }

    @Test
    void hostileTitlesStayValidJsonInEveryFormat() throws Exception {
        String hostile = "a\"b\\c\u0000d\u001fe\u2028f\n\t</script>";
        Announcement a = new Announcement(hostile, URL, "st-x", AT);
        for (String format : WebhookRules.FORMATS) {
            JSON.readTree(Payloads.forFormat(format, a));
        }
        assertEquals(hostile, JSON.readTree(Payloads.json(a)).get("title").asText());
    }

    @Test
    void webhookRulesAcceptHttpsAndLoopbackOnly() {
        assertNull(WebhookRules.problem(new Webhook("discord", "https://discord.com/api/webhooks/1/abc", "discord")));
        assertNull(WebhookRules.problem(new Webhook("local test", "http://127.0.0.1:8099/hook", "json")));
        assertTrue(WebhookRules.problem(new Webhook("plain", "http://example.com/hook", "json")) != null);
        assertTrue(WebhookRules.problem(new Webhook("nohost", "https:///hook", "json")) != null);
        assertTrue(WebhookRules.problem(new Webhook("ftp", "ftp://example.com/hook", "json")) != null);
        assertTrue(WebhookRules.problem(new Webhook("fmt", "https://example.com/hook", "xml")) != null);
        assertTrue(WebhookRules.problem(new Webhook("bad\nname", "https://example.com/hook", "json")) != null);
        assertTrue(WebhookRules.problem(new Webhook("nourl", null, "json")) != null);
        String problem = WebhookRules.problem(new Webhook("leak", "http://secret-token.example.com/x", "json"));
        assertFalse(problem.contains("secret-token"), "a problem never quotes the URL: " + problem);
    }
}

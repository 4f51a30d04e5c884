package onair.function.channel;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static onair.function.support.FunctionHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** title, description and nextStreamAt in GET /api/stream, from their own parameter in moto's SSM. */
class ChannelInfoTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    final String parameter = "/onair/test-channel/" + UUID.randomUUID();
    FunctionHarness fn;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600",
                "onair.channel-info.parameter", parameter, "onair.channel-info.ttl-seconds", "10"));
    }

    @AfterEach
    void tearDown() {
        fn.close();
    }

    void store(String json) {
        fn.context.getBean(SsmClient.class).putParameter(b -> b.name(parameter).value(json)
                .type(ParameterType.STRING).overwrite(true));
    }

    JsonNode status() {
        APIGatewayV2HTTPResponse r = fn.get("/api/stream", Map.of());
        assertEquals(200, r.getStatusCode(), () -> body(r));
        assertEquals("", Schema.violations(body(r)), body(r));
        return Schema.tree(body(r));
    }

    @Test
    void noParameterMeansNoInfo() {
        JsonNode j = status();
        assertTrue(j.get("title").isNull());
        assertTrue(j.get("description").isNull());
        assertTrue(j.get("nextStreamAt").isNull());
    }

    @Test
    void storedInfoIsServedAndTheAnnouncedTimeDisappearsOnceItHasPassed() {
        // the test clock starts at 2026-01-01T12:00:10Z
        store("{\"title\":\"Friday night build — ünïcødé\",\"description\":\"Line one\\nLine two & more\","
                + "\"nextStreamAt\":\"2026-01-01T12:30:00Z\"}");
        JsonNode j = status();
        assertEquals("Friday night build — ünïcødé", j.get("title").asText());
        assertEquals("Line one\nLine two & more", j.get("description").asText());
        assertEquals("2026-01-01T12:30:00Z", j.get("nextStreamAt").asText());
        fn.clock().advance(Duration.ofMinutes(30));
        JsonNode later = status();
        assertTrue(later.get("nextStreamAt").isNull(), later.toString());
        assertEquals("Friday night build — ünïcødé", later.get("title").asText());
    }

    @Test
    void oneReadPerTtlThenTheNewInfo() {
        store("{\"title\":\"First\"}");
        assertEquals("First", status().get("title").asText());
        store("{\"title\":\"Second\"}");
        assertEquals("First", status().get("title").asText(), "served from memory within the TTL");
        fn.clock().advance(Duration.ofSeconds(11));
        assertEquals("Second", status().get("title").asText());
    }

    @Test
    void fieldsOutsideTheContractAreServedAsNullTheOthersStay() {
        store("{\"title\":\"<script>alert(1)</script>\",\"description\":\"fine\","
                + "\"nextStreamAt\":\"2026-02-30T18:00:00Z\"}");
        JsonNode j = status();
        assertTrue(j.get("title").isNull(), j.toString());
        assertEquals("fine", j.get("description").asText());
        assertTrue(j.get("nextStreamAt").isNull(), "February 30th is no date");

        fn.clock().advance(Duration.ofSeconds(11));
        store("{\"title\":\"" + "t".repeat(101) + "\",\"description\":\"tab\\there\",\"nextStreamAt\":\"2026-06-01T18:00:00+02:00\"}");
        JsonNode k = status();
        assertTrue(k.get("title").isNull());
        assertTrue(k.get("description").isNull());
        assertTrue(k.get("nextStreamAt").isNull());

        fn.clock().advance(Duration.ofSeconds(11));
        store("{\"title\":\"   \",\"description\":\"\\u001b[31m\"}");
        JsonNode blank = status();
        assertTrue(blank.get("title").isNull(), "blank");
        assertTrue(blank.get("description").isNull(), "escape sequence");
    }

    @Test
    void aCorruptParameterNeverTakesTheStatusDown() {
        store("not json {");
        JsonNode j = status();
        assertEquals("idle", j.get("status").asText());
        assertTrue(j.get("title").isNull());
    }
}

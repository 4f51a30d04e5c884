package onair.function.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.FakeIvs;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static onair.function.support.FunctionHarness.body;
import static onair.function.support.FunctionHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSM emulator is stopped mid-test: readers get the last known state, marked stale; writers fail loudly. */
class StaleOnErrorTest {

    @Test
    void lastKnownStateIsServedStaleWhenSsmGoesAway() throws Exception {
        MotoServer moto = AwsEndpoints.startMoto();
        try (FakeIvs ivs = new FakeIvs()) {
            FunctionHarness.useEndpoints(moto.url(), ivs.endpoint());
            try (FunctionHarness fn = new FunctionHarness(Map.of())) {
                fn.event(Fixtures.event("stream-start"));
                APIGatewayV2HTTPResponse fresh = fn.get("/api/stream", Map.of());
                JsonNode before = Schema.tree(body(fresh));
                assertEquals("live", before.get("status").asText());
                assertFalse(before.get("stale").asBoolean());

                moto.close();
                assertFalse(moto.running());
                fn.calls().reset();
                fn.clock().advance(Duration.ofSeconds(11));

                APIGatewayV2HTTPResponse stale = fn.get("/api/stream", Map.of());
                assertEquals(200, stale.getStatusCode(), () -> body(stale));
                String json = body(stale);
                assertEquals("", Schema.violations(json), json);
                JsonNode after = Schema.tree(json);
                assertTrue(after.get("stale").asBoolean());
                assertEquals("live", after.get("status").asText());
                assertEquals(before.get("since"), after.get("since"));
                assertEquals(StreamController.CACHE_STALE, header(stale, "Cache-Control"));

                // a failing SSM is not hammered: still one attempt per TTL
                for (int i = 0; i < 50; i++) {
                    assertEquals(200, fn.get("/api/stream", Map.of()).getStatusCode());
                }
                assertEquals(1, fn.calls().count("GetParameter"));

                // the events side must fail (so Lambda retries the async invocation), not drop the event
                fn.clock().advance(Duration.ofHours(2)); // the End is dated 14:00:00
                assertThrows(RuntimeException.class, () -> fn.event(Fixtures.event("stream-end")));
            }
        } finally {
            moto.close();
        }
    }

    @Test
    void noStateAtAllIsAJson503() throws Exception {
        MotoServer moto = AwsEndpoints.startMoto();
        String endpoint = moto.url();
        moto.close();
        try (FakeIvs ivs = new FakeIvs()) {
            FunctionHarness.useEndpoints(endpoint, ivs.endpoint());
            try (FunctionHarness fn = new FunctionHarness(Map.of())) {
                APIGatewayV2HTTPResponse r = fn.get("/api/stream", Map.of());
                assertEquals(503, r.getStatusCode(), () -> body(r));
                JsonNode j = Schema.tree(body(r));
                assertEquals("state_unavailable", j.get("error").asText());
                assertFalse(body(r).contains("Exception"), body(r));
                assertEquals("no-store", header(r, "Cache-Control"));
            }
        }
    }
}

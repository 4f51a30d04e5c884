package onair.function.status;

import onair.function.support.Fixtures;
import onair.function.support.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The contract's own examples validate, and the validator does reject a broken body (so it can fail). */
class ContractExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"live", "idle", "never-live"})
    void examplesValidate(String name) throws Exception {
        String json = Files.readString(Fixtures.api("examples/" + name + ".json"));
        assertEquals("", Schema.violations(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"status\": \"live\"|\"status\": \"onair\"", "\"stale\": false|\"stale\": \"no\"",
        "\"recording\": true|\"recording\": true, \"extra\": 1"})
    void brokenBodiesAreRejected(String edit) throws Exception {
        String[] fromTo = edit.split("\\|");
        String json = Files.readString(Fixtures.api("examples/live.json")).replace(fromTo[0], fromTo[1]);
        assertNotEquals("", Schema.violations(json));
    }
}

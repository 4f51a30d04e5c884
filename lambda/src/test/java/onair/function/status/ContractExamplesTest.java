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
    @ValueSource(strings = {"live", "reconnecting", "idle", "never-live"})
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

    /** What a hostile event could make the function emit if it went through: the contract refuses each. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"since\": \"2026-01-01T12:00:00Z\"|\"since\": \"2999-01-01T00:00:00Z\"",
        "\"since\": \"2026-01-01T12:00:00Z\"|\"since\": \"+1000000000-12-31T23:59:59.999999999Z\"",
        "\"since\": \"2026-01-01T12:00:00Z\"|\"since\": \"2026-01-01T12:00:00+14:00\"",
        "\"startedAt\": \"2026-01-01T12:00:05Z\"|\"startedAt\": \"-999999999-01-01T00:00:00Z\"",
        "\"updatedAt\": \"2026-01-01T12:00:06Z\"|\"updatedAt\": \"1970-01-01T00:00:00Z\"",
        "\"streamId\": \"st-1A2b3c4D5e6F78ghij9Klmn\"|\"streamId\": \"st-<script>alert(1)</script>\"",
        "\"streamId\": \"st-1A2b3c4D5e6F78ghij9Klmn\"|\"streamId\": \"st-1A2b3c4D5e6F78ghij9KlmnXXXXXXXXXX\"",
        "\"thumbnailUrl\": \"/ivs|\"thumbnailUrl\": \"//evil.example/ivs",
        "\"thumbnailUrl\": \"/ivs|\"thumbnailUrl\": \"/\\\\evil.example/ivs",
        "\"thumbnailUrl\": \"/ivs|\"thumbnailUrl\": \"https://evil.example/ivs",
        "/media/thumbnails/thumb42.jpg|/media/../../../../../../../x.jpg",
        "j8Z9O91ndcVs/media/hls/master.m3u8|j8Z9O91ndcVs/../../media/hls/master.m3u8",
        "/2026/1/1/12/0/j8Z9O91ndcVs/media/hls|/2026/01/01/12/00/j8Z9O91ndcVs/media/hls",
        "\"playbackUrl\": \"https://|\"playbackUrl\": \"javascript:alert(1)//",
        "\"failureReason\": null|\"failureReason\": \"bad\\u001b[31m\\nforged\"",
    })
    void whatTheFunctionMustNeverEmitIsRejected(String edit) throws Exception {
        String[] fromTo = edit.split("\\|");
        String original = Files.readString(Fixtures.api("examples/live.json"));
        String json = original.replace(fromTo[0], fromTo[1]);
        assertNotEquals(original, json, "the edit applies");
        assertNotEquals("", Schema.violations(json), json);
    }

    @org.junit.jupiter.api.Test
    void aFailureReasonOverFiveHundredTwelveCharactersIsRejected() throws Exception {
        String json = Files.readString(Fixtures.api("examples/live.json"))
                .replace("\"failureReason\": null", "\"failureReason\": \"" + "r".repeat(513) + "\"");
        assertNotEquals("", Schema.violations(json));
    }
}

package onair.function.status;

import onair.function.support.Fixtures;
import onair.function.support.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** lambda/api/recordings.schema.json: its examples validate, and what the function must never emit is refused. */
class RecordingsContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"first-page", "last-page", "empty"})
    void examplesValidate(String name) throws Exception {
        assertEquals("", Schema.recordingsViolations(Files.readString(Fixtures.api("examples/recordings/" + name + ".json"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"id\": \"k3Lm4No5Pq6R\"|\"id\": \"../k3Lm4No5Pq6R\"",
        "\"playlistUrl\": \"/ivs|\"playlistUrl\": \"//evil.example/ivs",
        "\"playlistUrl\": \"/ivs|\"playlistUrl\": \"https://evil.example/ivs",
        "k3Lm4No5Pq6R/media/hls/master.m3u8|k3Lm4No5Pq6R/../../media/hls/master.m3u8",
        "\"thumbnailUrl\": \"/ivs|\"thumbnailUrl\": \"/\\\\evil.example/ivs",
        "\"durationSeconds\": 4536|\"durationSeconds\": -1",
        "\"durationSeconds\": 4536|\"durationSeconds\": 4536.5",
        "\"startedAt\": \"2026-01-02T18:30:04Z\"|\"startedAt\": \"2026-01-02T18:30:04+01:00\"",
        "\"title\": \"Friday night build\"|\"title\": \"bad\\u001b[31m\"",
        "\"next\": \"MTc2NzI2ODgwNTAwMC5qOFo5TzkxbmRjVnM\"|\"next\": \"a b\"",
        "\"next\": \"MTc2NzI2ODgwNTAwMC5qOFo5TzkxbmRjVnM\"|\"next\": \"x\", \"extra\": 1",
        "\"title\": \"Friday night build\"|\"title\": \"t\", \"status\": \"failed\"",
    })
    void whatTheFunctionMustNeverEmitIsRejected(String edit) throws Exception {
        String[] fromTo = edit.split("\\|");
        String original = Files.readString(Fixtures.api("examples/recordings/first-page.json"));
        String json = original.replace(fromTo[0], fromTo[1]);
        assertNotEquals(original, json, "the edit applies");
        assertNotEquals("", Schema.recordingsViolations(json), json);
    }
}

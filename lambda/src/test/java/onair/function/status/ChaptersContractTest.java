package onair.function.status;

import onair.function.support.Fixtures;
import onair.function.support.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lambda/api/chapters.schema.json (what scripts/chapter writes beside a recording and the page reads): its examples
 * validate, bad documents are refused, and the chaptersUrl the API names is the document's place next to the
 * recording's playlist in both contracts.
 */
class ChaptersContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"chapters", "none"})
    void examplesValidate(String name) throws Exception {
        assertEquals("", Schema.chaptersViolations(Files.readString(Fixtures.api("examples/chapters/" + name + ".json"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"title\": \"Welcome\"|\"title\": \"<b>Welcome</b>\"",
        "\"title\": \"Welcome\"|\"title\": \"   \"",
        "\"title\": \"Welcome\"|\"title\": \"\"",
        "\"title\": \"Welcome\"|\"title\": \"bell\\u0007\"",
        "\"at\": \"2026-01-01T12:00:20.125Z\"|\"at\": \"2026-01-01T12:00:20Z\"",
        "\"at\": \"2026-01-01T12:00:20.125Z\"|\"at\": \"2026-01-01T13:00:20.125+01:00\"",
        "\"version\": 1|\"version\": 2",
        "\"title\": \"Welcome\"|\"title\": \"Welcome\", \"href\": \"javascript:alert(1)\"",
    })
    void badDocumentsAreRefused(String edit) throws Exception {
        String[] fromTo = edit.split("\\|");
        String original = Files.readString(Fixtures.api("examples/chapters/chapters.json"));
        String json = original.replace(fromTo[0], fromTo[1]);
        assertNotEquals(original, json, "the edit applies");
        assertNotEquals("", Schema.chaptersViolations(json), json);
    }

    @Test
    void aTitleOfAHundredCharactersAtMost() throws Exception {
        String original = Files.readString(Fixtures.api("examples/chapters/chapters.json"));
        assertEquals("", Schema.chaptersViolations(original.replace("\"Welcome\"", "\"" + "🎥".repeat(100) + "\"")));
        assertNotEquals("", Schema.chaptersViolations(original.replace("\"Welcome\"", "\"" + "🎥".repeat(101) + "\"")));
    }

    @Test
    void aHundredChaptersAtMost() throws Exception {
        StringBuilder many = new StringBuilder("{\"version\":1,\"chapters\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"title\":\"c").append(i).append("\",\"at\":\"2026-01-01T12:00:20.125Z\"}");
        }
        assertNotEquals("", Schema.chaptersViolations(many.append("]}").toString()));
    }

    @Test
    void theExamplesNameTheChaptersBesideTheirRecording() throws Exception {
        Pattern beside = Pattern.compile("\"playlistUrl\": \"(/ivs/v1/[^\"]+)/media/hls/master\\.m3u8\",[^}]*?\"chaptersUrl\": \"\\1/onair/chapters\\.json\"",
                Pattern.DOTALL);
        assertTrue(beside.matcher(Files.readString(Fixtures.api("examples/live.json"))).find());
        assertTrue(beside.matcher(Files.readString(Fixtures.api("examples/recordings/first-page.json"))).find());
    }
}

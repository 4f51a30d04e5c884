package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every IVS operation the emulator serves, called over raw HTTP and judged by botocore's IVS service model
 * (members, types, enums, required members, lengths and patterns, HTTP codes, error types and the
 * exceptionMessage error body). The live-only answers (GetStream, ListStreams and StopStream of a live
 * channel) are judged the same way in LiveIngestTest.
 */
class IvsApiModelTest {

    @TempDir
    static Path work;

    private static BotocoreIvsModel model;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() throws Exception {
        Tools.require("nginx", "ffmpeg");
        model();
    }

    static synchronized BotocoreIvsModel model() throws java.io.IOException {
        if (model == null) {
            model = BotocoreIvsModel.load();
        }
        return model;
    }

    /** One call: operation name, the answer, and what the model says about it. */
    record Call(String operation, int status, String errorType, JsonNode body) {
    }

    static Call call(IvsEmulator emulator, String operation, String json) throws Exception {
        return call(emulator, operation, json, null, null);
    }

    static Call call(IvsEmulator emulator, String operation, String json, String arn, String query) throws Exception {
        BotocoreIvsModel model = model();
        String uri = model.requestUri(operation);
        if (arn != null) {
            uri = uri.replace("{resourceArn}", URLEncoder.encode(arn, StandardCharsets.UTF_8));
        }
        if (query != null) {
            uri += "?" + query;
        }
        String method = model.method(operation);
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(emulator.apiUrl().resolve(uri))
                .method(method, body).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = r.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(r.body());
        return new Call(operation, r.statusCode(), r.headers().firstValue("x-amzn-ErrorType").orElse(null), parsed);
    }

    static void judge(List<String> problems, Call c) throws Exception {
        problems.addAll(model().check(c.operation(), c.status(), c.errorType(), c.body()));
    }

    @Test
    void everyServedOperationAnswersAsTheBotocoreModelSays() throws Exception {
        List<String> problems = new ArrayList<>();
        try (IvsEmulator emulator = Emulators.start(work.resolve("m"), URI.create("http://127.0.0.1:9"), null)) {
            Call rc = call(emulator, "CreateRecordingConfiguration", """
                    {"name":"rec","destinationConfiguration":{"s3":{"bucketName":"recordings"}},
                     "recordingReconnectWindowSeconds":30,"tags":{"project":"onair"},
                     "thumbnailConfiguration":{"recordingMode":"INTERVAL","targetIntervalSeconds":10,"storage":["SEQUENTIAL","LATEST"]}}""");
            judge(problems, rc);
            String rcArn = rc.body().at("/recordingConfiguration/arn").asText();
            // the provider's shape: no storage, no resolution
            judge(problems, call(emulator, "CreateRecordingConfiguration", """
                    {"destinationConfiguration":{"s3":{"bucketName":"recordings"}},
                     "thumbnailConfiguration":{"recordingMode":"INTERVAL","targetIntervalSeconds":60}}"""));
            judge(problems, call(emulator, "GetRecordingConfiguration", "{\"arn\":\"" + rcArn + "\"}"));
            judge(problems, call(emulator, "ListRecordingConfigurations", "{}"));

            // no preset: AWS answers "" (allowed for TranscodePreset only)
            Call ch = call(emulator, "CreateChannel", "{\"name\":\"onair\",\"recordingConfigurationArn\":\"" + rcArn
                    + "\",\"tags\":{\"a\":\"1\"}}");
            judge(problems, ch);
            String chArn = ch.body().at("/channel/arn").asText();
            String keyArn = ch.body().at("/streamKey/arn").asText();
            judge(problems, call(emulator, "CreateChannel", "{\"type\":\"BASIC\",\"latencyMode\":\"NORMAL\"}"));
            judge(problems, call(emulator, "GetChannel", "{\"arn\":\"" + chArn + "\"}"));
            judge(problems, call(emulator, "UpdateChannel", "{\"arn\":\"" + chArn + "\",\"latencyMode\":\"NORMAL\"}"));
            judge(problems, call(emulator, "ListChannels", "{\"maxResults\":1}"));
            judge(problems, call(emulator, "ListStreamKeys", "{\"channelArn\":\"" + chArn + "\"}"));
            judge(problems, call(emulator, "GetStreamKey", "{\"arn\":\"" + keyArn + "\"}"));
            judge(problems, call(emulator, "BatchGetStreamKey", "{\"arns\":[\"" + keyArn + "\"]}"));
            judge(problems, call(emulator, "ListStreams", "{}"));
            judge(problems, call(emulator, "TagResource", "{\"tags\":{\"b\":\"2\"}}", chArn, null));
            judge(problems, call(emulator, "ListTagsForResource", null, chArn, null));
            judge(problems, call(emulator, "UntagResource", null, chArn, "tagKeys=a"));

            // errors: type, HTTP code and body as the model gives them
            List<Call> errors = List.of(
                    call(emulator, "CreateStreamKey", "{\"channelArn\":\"" + chArn + "\"}"), // one key per channel
                    call(emulator, "GetStream", "{\"channelArn\":\"" + chArn + "\"}"),
                    call(emulator, "StopStream", "{\"channelArn\":\"" + chArn + "\"}"),
                    call(emulator, "PutMetadata", "{\"channelArn\":\"" + chArn + "\",\"metadata\":\"x\"}"),
                    // over 1 KB: ValidationException (botocore PutMetadataRequest.metadata "Maximum: 1 KB per request")
                    call(emulator, "PutMetadata", "{\"channelArn\":\"" + chArn + "\",\"metadata\":\"" + "x".repeat(1025) + "\"}"),
                    call(emulator, "GetChannel", "{\"arn\":\"arn:aws:ivs:us-east-1:123456789012:channel/DoesNotExist1\"}"),
                    call(emulator, "GetChannel", "{\"arn\":\"not-an-arn\"}"),
                    call(emulator, "GetChannel", "{not json"),
                    call(emulator, "CreateChannel", "{\"name\":\"bad name!\"}"),
                    call(emulator, "DeleteRecordingConfiguration", "{\"arn\":\"" + rcArn + "\"}"), // in use
                    call(emulator, "ListTagsForResource", null, "arn:aws:ivs:us-east-1:123456789012:channel/Nope", null));
            for (Call e : errors) {
                assertTrue(e.errorType() != null, e.operation() + " was meant to fail: " + e.body());
                judge(problems, e);
            }

            judge(problems, call(emulator, "DeleteStreamKey", "{\"arn\":\"" + keyArn + "\"}"));
            judge(problems, call(emulator, "CreateStreamKey", "{\"channelArn\":\"" + chArn + "\"}"));
            judge(problems, call(emulator, "DeleteChannel", "{\"arn\":\"" + chArn + "\"}"));
            judge(problems, call(emulator, "DeleteRecordingConfiguration", "{\"arn\":\"" + rcArn + "\"}"));
        }
        assertEquals(List.of(), problems, "answers that differ from botocore's IVS model");
    }

    /** The judge itself: it must catch what the emulator used to answer (errors with "message"). */
    @Test
    void theModelCheckCatchesAnErrorBodyWithMessageInsteadOfExceptionMessage() throws Exception {
        JsonNode old = JSON.readTree("{\"message\":\"channel not found\"}");
        List<String> problems = model.check("GetChannel", 404, "ResourceNotFoundException", old);
        assertFalse(problems.isEmpty());
        assertTrue(problems.stream().anyMatch(p -> p.contains("exceptionMessage")), problems.toString());
        assertFalse(model.check("GetChannel", 400, "ResourceNotFoundException",
                JSON.readTree("{\"exceptionMessage\":\"x\"}")).isEmpty(), "a wrong HTTP code is caught");
        assertFalse(model.check("GetChannel", 200, null,
                JSON.readTree("{\"channel\":{\"type\":\"PREMIUM\"}}")).isEmpty(), "an unknown enum value is caught");
    }
}

package onair.local.ivs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.ChannelLatencyMode;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.ChannelType;
import software.amazon.awssdk.services.ivs.model.ConflictException;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.RecordingConfiguration;
import software.amazon.awssdk.services.ivs.model.RecordingConfigurationState;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.ivs.model.StreamKey;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** The control-plane API, judged by the real AWS SDK v2 IVS client (its unmarshalling and error mapping). */
class IvsApiTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void tools() {
        Tools.require("nginx", "ffmpeg");
    }

    private static final URI NO_S3 = URI.create("http://127.0.0.1:9");

    @Test
    void channelKeysRecordingConfigurationsTagsAndErrors() throws Exception {
        try (IvsEmulator emulator = Emulators.start(work.resolve("a"), NO_S3, null); IvsClient ivs = Emulators.ivs(emulator)) {
            RecordingConfiguration rc = ivs.createRecordingConfiguration(b -> b.name("rec")
                    .destinationConfiguration(d -> d.s3(s -> s.bucketName("recordings")))
                    .recordingReconnectWindowSeconds(30)
                    .thumbnailConfiguration(t -> t.recordingMode("INTERVAL").targetIntervalSeconds(10L))
                    .tags(Map.of("project", "onair"))).recordingConfiguration();
            assertEquals(RecordingConfigurationState.ACTIVE, rc.state());
            assertEquals("recordings", rc.destinationConfiguration().s3().bucketName());
            assertEquals(30, rc.recordingReconnectWindowSeconds());

            CreateChannelResponse created = ivs.createChannel(b -> b.name("onair").type(ChannelType.STANDARD)
                    .latencyMode(ChannelLatencyMode.LOW).recordingConfigurationArn(rc.arn()).tags(Map.of("a", "1")));
            Channel ch = created.channel();
            StreamKey key = created.streamKey();
            assertTrue(ch.arn().matches("arn:aws:ivs:us-east-1:123456789012:channel/[A-Za-z0-9]{12}"), ch.arn());
            String id = ch.arn().substring(ch.arn().lastIndexOf('/') + 1);
            assertEquals("http://127.0.0.1:" + emulator.naming().playbackPort()
                    + "/api/video/v1/us-east-1.123456789012.channel." + id + ".m3u8", ch.playbackUrl());
            assertEquals("127.0.0.1", ch.ingestEndpoint());
            assertEquals(rc.arn(), ch.recordingConfigurationArn());
            assertTrue(key.value().startsWith("sk_us-east-1_"), key.value());
            assertEquals(ch.arn(), key.channelArn());

            // the data source path of the Terraform provider: ListStreamKeys then GetStreamKey
            var listed = ivs.listStreamKeys(b -> b.channelArn(ch.arn())).streamKeys();
            assertEquals(1, listed.size());
            assertEquals(key.value(), ivs.getStreamKey(b -> b.arn(listed.get(0).arn())).streamKey().value());

            // one key per channel: creating first fails, delete-then-create rotates
            assertThrows(ServiceQuotaExceededException.class, () -> ivs.createStreamKey(b -> b.channelArn(ch.arn())));
            ivs.deleteStreamKey(b -> b.arn(key.arn()));
            StreamKey rotated = ivs.createStreamKey(b -> b.channelArn(ch.arn())).streamKey();
            assertNotEquals(key.value(), rotated.value());
            assertThrows(ResourceNotFoundException.class, () -> ivs.getStreamKey(b -> b.arn(key.arn())));

            // not live: GetStream, StopStream and PutMetadata answer ChannelNotBroadcasting
            ChannelNotBroadcastingException notLive = assertThrows(ChannelNotBroadcastingException.class,
                    () -> ivs.getStream(b -> b.channelArn(ch.arn())));
            assertEquals(404, notLive.statusCode());
            assertThrows(ChannelNotBroadcastingException.class, () -> ivs.stopStream(b -> b.channelArn(ch.arn())));
            assertThrows(ChannelNotBroadcastingException.class,
                    () -> ivs.putMetadata(b -> b.channelArn(ch.arn()).metadata("hello")));
            assertTrue(ivs.listStreams(b -> { }).streams().isEmpty());

            // tags on /tags/{arn}
            ivs.tagResource(b -> b.resourceArn(ch.arn()).tags(Map.of("b", "2")));
            assertEquals(Map.of("a", "1", "b", "2"), ivs.listTagsForResource(b -> b.resourceArn(ch.arn())).tags());
            ivs.untagResource(b -> b.resourceArn(ch.arn()).tagKeys("a"));
            assertEquals(Map.of("b", "2"), ivs.getChannel(b -> b.arn(ch.arn())).channel().tags());

            // update, list with filter
            assertEquals(ChannelLatencyMode.NORMAL, ivs.updateChannel(b -> b.arn(ch.arn())
                    .latencyMode(ChannelLatencyMode.NORMAL)).channel().latencyMode());
            assertEquals(1, ivs.listChannels(b -> b.filterByName("onair")).channels().size());
            assertEquals(0, ivs.listChannels(b -> b.filterByName("other")).channels().size());

            // errors: shapes the SDK maps to its typed exceptions
            assertThrows(ResourceNotFoundException.class, () -> ivs.getChannel(b -> b.arn(
                    "arn:aws:ivs:us-east-1:123456789012:channel/DoesNotExist1")));
            assertThrows(ValidationException.class, () -> ivs.getChannel(b -> b.arn("not-an-arn")));
            assertThrows(ValidationException.class, () -> ivs.createChannel(b -> b.name("bad name!")));
            assertThrows(ValidationException.class, () -> ivs.createRecordingConfiguration(b -> b
                    .destinationConfiguration(d -> d.s3(s -> s.bucketName("recordings")))
                    .recordingReconnectWindowSeconds(301)));
            assertThrows(ConflictException.class, () -> ivs.deleteRecordingConfiguration(b -> b.arn(rc.arn())));

            // raw wire: error header and body exactly like AWS REST-JSON
            HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    emulator.apiUrl().resolve("/GetChannel")).POST(HttpRequest.BodyPublishers.ofString("{not json"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, raw.statusCode());
            assertEquals("ValidationException", raw.headers().firstValue("x-amzn-ErrorType").orElse(""));
            assertTrue(raw.body().contains("\"exceptionMessage\""), raw.body());

            ivs.deleteChannel(b -> b.arn(ch.arn()));
            ivs.deleteRecordingConfiguration(b -> b.arn(rc.arn()));
            assertTrue(ivs.listChannels(b -> { }).channels().isEmpty());
            assertTrue(ivs.listRecordingConfigurations(b -> { }).recordingConfigurations().isEmpty());
        }
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        Path dir = work.resolve("b");
        String arn;
        String keyValue;
        try (IvsEmulator emulator = Emulators.start(dir, NO_S3, null); IvsClient ivs = Emulators.ivs(emulator)) {
            CreateChannelResponse created = ivs.createChannel(b -> b.name("kept").tags(Map.of("k", "v")));
            arn = created.channel().arn();
            keyValue = created.streamKey().value();
        }
        try (IvsEmulator emulator = Emulators.start(dir, NO_S3, null); IvsClient ivs = Emulators.ivs(emulator)) {
            Channel again = ivs.getChannel(b -> b.arn(arn)).channel();
            assertEquals("kept", again.name());
            assertEquals(Map.of("k", "v"), again.tags());
            var keys = ivs.listStreamKeys(b -> b.channelArn(arn)).streamKeys();
            assertEquals(keyValue, ivs.getStreamKey(b -> b.arn(keys.get(0).arn())).streamKey().value());
        }
    }

    @Test
    void adminHealthIsSeparateFromTheApi() throws Exception {
        try (IvsEmulator emulator = Emulators.start(work.resolve("c"), NO_S3, null)) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    emulator.apiUrl().resolve("/_emulator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"rtmpUrl\":\"rtmp://127.0.0.1:" + emulator.naming().rtmpPort() + "/app/\""),
                    health.body());
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    emulator.apiUrl().resolve("/NoSuchAction")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertFalse(unknown.headers().firstValue("x-amzn-ErrorType").isEmpty());
        }
    }
}

package onair.function.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.SqsEvents;
import onair.function.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go-live notifications end to end inside the function, against a real moto: the SNS topic (moto delivers its
 * messages to an http subscription on the test's receiver, as it would mail an e-mail subscriber), the webhooks read
 * from a real Secrets Manager secret, the title and viewer URL from SSM; the webhooks are a real HTTP server on
 * 127.0.0.1. One announcement per broadcast on every channel; a reconnect inside the window, a duplicate and a
 * replay announce nothing; a failing or slow webhook or an unreadable secret fails no event and finds the state
 * already written.
 */
class GoLiveNotificationsTest {

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";
    static final String S3 = "st-3Third00000000000000000";
    static final String VIEWER = "https://d111111abcdef8.cloudfront.net/";
    static final ObjectMapper JSON = new ObjectMapper();

    static WebhookReceiver receiver;
    static volatile FunctionHarness current;

    FunctionHarness fn;
    SnsClient sns;
    SecretsManagerClient secrets;
    SsmClient ssm;
    String topicArn;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver(GoLiveNotificationsTest::statusNow);
    }

    /** The state document's status as a POST arrives (the receiver records it beside the POST). */
    static String statusNow() {
        return current == null ? "?" : current.document()
                .map(d -> {
                    try {
                        return JSON.readTree(d).path("status").asText("?");
                    } catch (IOException e) {
                        return "?";
                    }
                }).orElse("none");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String hook(String path) {
        return receiver.url(path);
    }

    /** A harness whose webhooks secret holds {@code webhooks} (JSON text), or names no existing secret when null. */
    void start(String webhooks) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("onair.channel-info.parameter", "/onair/test/channel-info-" + suffix);
        props.put("onair.notify.viewer-url-parameter", "/onair/test/viewer-url-" + suffix);
        props.put("onair.recording-reconnect-window-seconds", "60");
        props.put("onair.notify.webhook-timeout-seconds", "2");
        fn = new FunctionHarness(Map.of());
        sns = fn.context.getBean(SnsClient.class);
        secrets = fn.context.getBean(SecretsManagerClient.class);
        ssm = fn.context.getBean(SsmClient.class);
        topicArn = sns.createTopic(b -> b.name("onair-golive-" + suffix)).topicArn();
        sns.subscribe(b -> b.topicArn(topicArn).protocol("http").endpoint(hook("/sns")));
        String secretName = "onair/test/webhooks-" + suffix;
        if (webhooks != null) {
            secrets.createSecret(b -> b.name(secretName).secretString(webhooks));
        }
        ssm.putParameter(b -> b.name("/onair/test/viewer-url-" + suffix).value(VIEWER).type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/onair/test/channel-info-" + suffix).type(ParameterType.STRING)
                .value("{\"title\":\"Night Sky Live\",\"description\":null,\"nextStreamAt\":null}"));
        props.put("onair.notify.topic-arn", topicArn);
        props.put("onair.notify.webhooks-secret", secretName);
        fn.close();
        fn = new FunctionHarness(props);
        current = fn;
        receiver.clear();
    }

    @AfterEach
    void tearDown() {
        current = null;
        fn.close();
    }

    static String webhooks(String... nameUrlFormat) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < nameUrlFormat.length; i += 3) {
            items.add("{\"name\":\"" + nameUrlFormat[i] + "\",\"url\":\"" + nameUrlFormat[i + 1] + "\",\"format\":\""
                    + nameUrlFormat[i + 2] + "\"}");
        }
        return "{\"webhooks\":[" + String.join(",", items) + "]}";
    }

    /** The fixture as IVS would send it for another stream / time, with its own event id. */
    static String event(String fixture, String time, String streamId) {
        String json = Fixtures.event(fixture);
        try {
            com.fasterxml.jackson.databind.node.ObjectNode e = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(json);
            e.put("id", UUID.randomUUID().toString());
            e.put("time", time);
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("stream_id", streamId);
            return JSON.writeValueAsString(e);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    List<WebhookReceiver.Hit> hits(String path) {
        return receiver.hits(path);
    }

    @Test
    void oneAnnouncementPerBroadcastOnEveryChannelAndNoneForAReconnectADuplicateOrAReplay() throws Exception {
        start(webhooks("json-hook", hook("/json"), "json", "discord-hook", hook("/discord"), "discord",
                "slack-hook", hook("/slack"), "slack"));
        NotifyMetrics metrics = fn.context.getBean(NotifyMetrics.class);

        assertTrue(fn.event(Fixtures.event("stream-start")).contains("new broadcast"));
        for (String path : List.of("/sns", "/json", "/discord", "/slack")) {
            assertEquals(1, hits(path).size(), path + ": " + receiver.hits());
            assertEquals("live", hits(path).get(0).statusAtArrival(), "the state is written before anyone is told");
        }
        JsonNode json = JSON.readTree(hits("/json").get(0).body());
        assertEquals("Night Sky Live", json.get("title").asText());
        assertEquals(VIEWER, json.get("url").asText());
        assertEquals(S1, json.get("streamId").asText());
        assertEquals("2026-01-01T12:00:00Z", json.get("startedAt").asText());
        assertEquals("Night Sky Live is live now: " + VIEWER,
                JSON.readTree(hits("/discord").get(0).body()).get("content").asText());
        assertEquals("Night Sky Live is live now: <" + VIEWER + ">",
                JSON.readTree(hits("/slack").get(0).body()).get("text").asText());
        JsonNode sns = JSON.readTree(hits("/sns").get(0).body());
        assertEquals("Notification", sns.get("Type").asText());
        assertEquals("Live now: Night Sky Live", sns.get("Subject").asText());
        assertTrue(sns.get("Message").asText().contains("Watch: " + VIEWER), sns.toString());
        assertEquals(4, metrics.sentCount());

        // the same Start delivered again, and replayed with another event id
        fn.event(Fixtures.event("stream-start"));
        fn.event(event("stream-start", "2026-01-01T12:00:00Z", S1));
        assertEquals(4, receiver.hits().size(), "duplicates announce nothing: " + receiver.hits());

        // the stream drops and the broadcaster is back 30 s later: a reconnect inside the 60 s window
        fn.clock().advance(Duration.ofHours(2).plusMinutes(1));
        fn.event(Fixtures.event("stream-end"));
        String reconnect = fn.event(event("stream-start", "2026-01-01T14:00:30Z", S2));
        assertTrue(reconnect.contains("same broadcast"), reconnect);
        assertEquals(4, receiver.hits().size(), "a reconnect announces nothing: " + receiver.hits());
        assertEquals(S2, JSON.readTree(fn.document().orElseThrow()).get("streamId").asText());
        assertEquals(S1, JSON.readTree(fn.document().orElseThrow()).get("broadcastStreamId").asText());

        // it ends again, and a stream two minutes later is a new broadcast
        fn.clock().advance(Duration.ofMinutes(5));
        fn.event(event("stream-end", "2026-01-01T14:01:00Z", S2));
        fn.event(event("stream-start", "2026-01-01T14:03:00Z", S3));
        assertEquals(8, receiver.hits().size(), receiver.hits().toString());
        assertEquals(S3, JSON.readTree(hits("/json").get(1).body()).get("streamId").asText());
        assertEquals(0, metrics.failedCount());
    }

    @Test
    void aBatchIsAppliedFirstAndItsBroadcastAnnouncedOnce() throws Exception {
        start(webhooks("json-hook", hook("/json"), "json"));
        fn.clock().advance(Duration.ofHours(2).plusMinutes(1));
        String start = Fixtures.event("stream-start");
        String response = fn.event(SqsEvents.batch(List.of(start, Fixtures.event("session-created"), start,
                Fixtures.event("stream-end"), event("stream-start", "2026-01-01T14:00:20Z", S2))));
        assertEquals(List.of(), SqsEvents.failures(response));
        assertEquals(1, hits("/json").size(), receiver.hits().toString());
        assertEquals(1, hits("/sns").size(), receiver.hits().toString());
        assertEquals(S1, JSON.readTree(hits("/json").get(0).body()).get("streamId").asText());
        assertEquals("live", hits("/json").get(0).statusAtArrival());
        assertEquals(S2, JSON.readTree(fn.document().orElseThrow()).get("streamId").asText(),
                "every record of the batch was written before the announcement");
    }

    @Test
    void aFailingOrSlowWebhookFailsNothingAndTheOthersAreStillCalled() throws Exception {
        start(webhooks("broken", hook("/fail"), "slack", "slow", hook("/slow"), "json", "good", hook("/json"), "json",
                "dead", "http://127.0.0.1:1/nobody", "discord"));
        NotifyMetrics metrics = fn.context.getBean(NotifyMetrics.class);
        String outcome = fn.event(Fixtures.event("stream-start"));
        assertTrue(outcome.contains("\"applied\""), outcome);
        assertEquals("live", JSON.readTree(fn.document().orElseThrow()).get("status").asText());
        assertEquals(1, hits("/json").size());
        assertEquals(1, hits("/sns").size());
        assertEquals("live", hits("/slow").get(0).statusAtArrival(), "the slow webhook found the state written");
        assertEquals(3, metrics.failedCount(), "500, timeout and refused connection are counted");
        assertEquals(2, metrics.sentCount());
    }

    @Test
    void anUnreadableSecretStillPublishesToSnsAndFailsNoEvent() {
        start(null); // the secret it names does not exist
        NotifyMetrics metrics = fn.context.getBean(NotifyMetrics.class);
        assertTrue(fn.event(Fixtures.event("stream-start")).contains("\"applied\""));
        assertEquals(1, hits("/sns").size(), receiver.hits().toString());
        assertEquals(1, metrics.failedCount());
    }

    @Test
    void entriesThatBreakTheRulesAreSkippedByNameAndTheRestAreCalled() {
        start(webhooks("plain-http", "http://example.invalid/hook", "json", "good", hook("/json"), "json",
                "odd", hook("/json-odd"), "xml"));
        fn.event(Fixtures.event("stream-start"));
        assertEquals(1, hits("/json").size());
        assertFalse(receiver.hits().stream().anyMatch(h -> h.path().equals("/json-odd")));
    }
}

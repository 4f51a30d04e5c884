package onair.function.status;

import com.fasterxml.jackson.databind.JsonNode;
import onair.function.support.AwsEndpoints;
import onair.function.support.Fixtures;
import onair.function.support.FunctionHarness;
import onair.function.support.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.Map;

import static onair.function.support.FunctionHarness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * thumbnailUrl names a thumbnail that exists: the newest SEQUENTIAL one IVS wrote (media/thumbnails/thumbN.jpg,
 * the only kind a Terraform-made recording configuration records), found with ListObjectsV2 against moto's S3 and
 * listed at most once per cache TTL while the recording runs, once after it ended, never without requests.
 * On the old code thumbnailUrl named media/thumbnails/latest/thumb.jpg, a key IVS never writes.
 */
class ThumbnailTest {

    static final String PREFIX = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs";

    @RegisterExtension
    static final AwsEndpoints aws = new AwsEndpoints();

    FunctionHarness fn;
    S3Client s3;

    @BeforeEach
    void setUp() {
        fn = new FunctionHarness(Map.of("onair.reconcile-interval-seconds", "3600"));
        s3 = fn.context.getBean(S3Client.class);
        FunctionHarness.ensureBucket(s3, "onair-recordings");
    }

    @AfterEach
    void tearDown() {
        s3.listObjectsV2Paginator(b -> b.bucket("onair-recordings")).contents()
                .forEach(o -> s3.deleteObject(b -> b.bucket("onair-recordings").key(o.key())));
        s3.deleteBucket(b -> b.bucket("onair-recordings"));
        fn.close();
    }

    void thumbnail(int n) {
        s3.putObject(b -> b.bucket("onair-recordings").key(PREFIX + "/media/thumbnails/thumb" + n + ".jpg"),
                RequestBody.fromBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    }

    JsonNode status() {
        var r = fn.get("/api/stream", Map.of());
        assertEquals(200, r.getStatusCode(), () -> body(r));
        assertEquals("", Schema.violations(body(r)), body(r));
        return Schema.tree(body(r));
    }

    int lists() {
        return fn.calls().count("ListObjectsV2");
    }

    @Test
    void newestSequentialThumbnailListedOncePerTtlWhileRecordingThenOnce() {
        fn.event(Fixtures.event("stream-start"));
        fn.event(Fixtures.event("recording-start"));
        fn.calls().reset();
        // at rest nothing lists
        fn.clock().advance(Duration.ofMinutes(5));
        assertEquals(0, lists());

        // Recording Start comes before IVS writes any object: no thumbnail yet, so none is named
        JsonNode live = status();
        assertEquals("live", live.get("status").asText());
        assertTrue(live.get("thumbnailUrl").isNull(), live.toString());
        assertEquals(1, lists());

        for (int i = 0; i <= 10; i++) {
            thumbnail(i);
        }
        // within the TTL the cached answer serves every request
        for (int i = 0; i < 50; i++) {
            assertTrue(status().get("thumbnailUrl").isNull());
        }
        assertEquals(1, lists());

        fn.clock().advance(Duration.ofSeconds(11));
        // newest by number: thumb10, not the lexically last thumb9
        assertEquals("/" + PREFIX + "/media/thumbnails/thumb10.jpg", status().get("thumbnailUrl").asText());
        assertEquals(2, lists());
        for (int i = 0; i < 50; i++) {
            status();
        }
        assertEquals(2, lists());

        thumbnail(11);
        fn.clock().advance(Duration.ofHours(2)); // the end (14:00) is never dated after the function's clock
        fn.event(Fixtures.event("stream-end"));
        fn.event(Fixtures.event("recording-end"));
        fn.clock().advance(Duration.ofSeconds(11));
        JsonNode idle = status();
        assertEquals("idle", idle.get("status").asText());
        assertEquals("/" + PREFIX + "/media/thumbnails/thumb11.jpg", idle.get("thumbnailUrl").asText());
        // 3 by the status function, plus the one listing of the events function naming the replay's thumbnail
        // (recordings index) on Recording End
        assertEquals(4, lists());

        // the recording has ended: its thumbnails are final, no more listings however long the page is open
        for (int i = 0; i < 10; i++) {
            fn.clock().advance(Duration.ofSeconds(11));
            assertEquals("/" + PREFIX + "/media/thumbnails/thumb11.jpg", status().get("thumbnailUrl").asText());
        }
        assertEquals(4, lists());
    }

    @Test
    void s3FailureKeepsTheLastAnswer() {
        fn.event(Fixtures.event("stream-start"));
        fn.event(Fixtures.event("recording-start"));
        thumbnail(0);
        thumbnail(1);
        fn.clock().advance(Duration.ofSeconds(11));
        assertEquals("/" + PREFIX + "/media/thumbnails/thumb1.jpg", status().get("thumbnailUrl").asText());
        // the listing now fails (the bucket is gone: NoSuchBucket); the state is still served with the last answer
        s3.deleteObject(b -> b.bucket("onair-recordings").key(PREFIX + "/media/thumbnails/thumb0.jpg"));
        s3.deleteObject(b -> b.bucket("onair-recordings").key(PREFIX + "/media/thumbnails/thumb1.jpg"));
        s3.deleteBucket(b -> b.bucket("onair-recordings"));
        fn.clock().advance(Duration.ofSeconds(11));
        assertEquals("/" + PREFIX + "/media/thumbnails/thumb1.jpg", status().get("thumbnailUrl").asText());
        FunctionHarness.ensureBucket(s3, "onair-recordings");
    }
}

package onair.function.aws;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import onair.function.recordings.RecordingIndex;
import onair.function.recordings.RecordingsConfig;
import onair.function.support.AwsEndpoints;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recordings index against a real S3 API (moto through the platform's launcher, which evaluates bucket policies):
 * a NoSuchKey is an empty index; a 403 - what AWS answers the functions for a deleted index, since they may not list
 * the bucket - is an error naming the way out, never an empty index that the next write would store over every past
 * broadcast.
 */
class RecordingIndexStoreTest {

    static MotoServer moto;
    static S3Client s3;
    static ApplicationContext context;

    @BeforeAll
    static void start() {
        moto = AwsEndpoints.startMoto();
        s3 = AwsEndpoints.s3(moto);
        context = ApplicationContext.run();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static RecordingIndexStore store(String bucket) {
        return new RecordingIndexStore(s3, context.getBean(JsonMapper.class),
                new RecordingsConfig(bucket, 0, "onair/recordings-index.json", 20));
    }

    @Test
    void aMissingIndexThatS3CallsNoSuchKeyIsEmpty() {
        s3.createBucket(b -> b.bucket("onair-recordings-open"));
        assertEquals(RecordingIndex.empty(), store("onair-recordings-open").read());
    }

    @Test
    void aRefusedIndexIsAnErrorThatSaysWhatToDo() {
        String bucket = "onair-recordings-refused";
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/onair/*\"}]}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store(bucket).read());
        assertTrue(e.getMessage().contains("403 AccessDenied") && e.getMessage().contains("scripts/rebuild-recordings-index"),
                e.getMessage());
    }
}

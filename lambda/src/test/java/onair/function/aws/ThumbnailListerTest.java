package onair.function.aws;

import onair.function.support.AwsEndpoints;
import onair.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The newest SEQUENTIAL thumbnail against a real S3 API (moto): by number, across pages, ignoring other keys. */
class ThumbnailListerTest {

    static final String BUCKET = "onair-recordings";
    static final String PREFIX = "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs";

    static MotoServer moto;
    static S3Client s3;

    @BeforeAll
    static void start() {
        moto = AwsEndpoints.startMoto();
        s3 = AwsEndpoints.s3(moto);
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    static void put(String key) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("image/jpeg"), RequestBody.fromBytes(new byte[] {1}));
    }

    @Test
    void newestByNumberAcrossPages() {
        String rec = PREFIX + "a";
        assertEquals(Optional.empty(), new ThumbnailLister(s3).newest(BUCKET, rec), "nothing written yet");
        for (int i = 0; i <= 12; i++) {
            put(rec + "/media/thumbnails/thumb" + i + ".jpg");
        }
        // not thumbnails of this recording, or not SEQUENTIAL ones: never chosen
        put(rec + "/media/thumbnails/latest/thumb99.jpg");
        put(rec + "/media/latest_thumbnail/thumb.jpg");
        put(rec + "/media/thumbnails/thumb99.png");
        put(PREFIX + "b/media/thumbnails/thumb50.jpg");
        // lexically the last is thumb9.jpg; three keys a page makes the listing take five pages
        assertEquals(Optional.of(rec + "/media/thumbnails/thumb12.jpg"), new ThumbnailLister(s3, 3).newest(BUCKET, rec));
        assertEquals(Optional.of(rec + "/media/thumbnails/thumb12.jpg"), new ThumbnailLister(s3).newest(BUCKET, rec));
        // the prefix as IVS sends it has no slashes around it; tolerate them anyway
        assertEquals(Optional.of(rec + "/media/thumbnails/thumb12.jpg"),
                new ThumbnailLister(s3).newest(BUCKET, "/" + rec + "/"));
    }
}

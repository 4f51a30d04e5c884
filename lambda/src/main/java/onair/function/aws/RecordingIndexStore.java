package onair.function.aws;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.recordings.RecordingIndex;
import onair.function.recordings.RecordingsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The index of past broadcasts, one JSON object in the recordings bucket, seeded empty by Terraform. S3 answers a
 * GetObject of a missing key with 404 NoSuchKey only to a caller that may list the bucket, else with 403
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). The functions may list {@code ivs/*} only (an
 * {@code s3:prefix} condition, which S3's own "may this caller list?" check does not satisfy), so on AWS a deleted
 * index is a 403 AccessDenied, which is reported as what it most likely is (see {@link #read()}); NoSuchKey (a caller
 * that may list, as on moto) is an empty index. Other SDK failures propagate: the events function's batch is retried,
 * the status function answers 503.
 */
@Singleton
public class RecordingIndexStore {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndexStore.class);

    private final S3Client s3;
    private final JsonMapper json;
    private final RecordingsConfig config;

    public RecordingIndexStore(S3Client s3, JsonMapper json, RecordingsConfig config) {
        this.s3 = s3;
        this.json = json;
        this.config = config;
    }

    public RecordingIndex read() {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(config.recordingsBucket()).key(config.recordingsIndexKey()))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return RecordingIndex.empty();
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // Never read as "empty" (the next write would drop every past broadcast if the 403 is a real refusal):
            // an error with the way out, until the index is there again.
            String where = "s3://" + config.recordingsBucket() + "/" + config.recordingsIndexKey();
            LOG.error("{}: 403 AccessDenied. S3 answers 403 for a missing object too, to a caller that may not list the"
                    + " bucket: if the index was deleted, `terraform apply` seeds an empty one and"
                    + " scripts/rebuild-recordings-index restores it from the recordings", where);
            throw new IllegalStateException("recordings index " + where + " not readable (403 AccessDenied): deleted?"
                    + " terraform apply seeds it again, scripts/rebuild-recordings-index restores its content", e);
        }
        try {
            RecordingIndex index = json.readValue(bytes, RecordingIndex.class);
            return index == null ? RecordingIndex.empty() : index;
        } catch (IOException | RuntimeException e) {
            // Never overwrite what cannot be read: a corrupt index is an error until someone rebuilds it
            // (scripts/rebuild-recordings-index), so no recording is dropped silently.
            LOG.error("s3://{}/{} holds no valid recordings index ({}); run scripts/rebuild-recordings-index",
                    config.recordingsBucket(), config.recordingsIndexKey(), e.getMessage());
            throw new IllegalStateException("recordings index unreadable", e);
        }
    }

    public void write(RecordingIndex index) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(config.recordingsBucket()).key(config.recordingsIndexKey())
                .contentType("application/json").cacheControl("no-store"), RequestBody.fromBytes(bytes));
    }
}

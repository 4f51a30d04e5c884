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

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The index of past broadcasts, one JSON object in the recordings bucket. A missing object is an empty index
 * (S3 answers 404 NoSuchKey only to a caller that may list the bucket, else 403:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html; Terraform therefore grants s3:ListBucket limited
 * to the index key, and a 403 stays an error). Other SDK failures propagate: the events function's batch is retried,
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

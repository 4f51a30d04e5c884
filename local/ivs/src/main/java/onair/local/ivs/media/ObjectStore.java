package onair.local.ivs.media;

import java.nio.file.Path;

/** Where recordings are written (S3 in the emulator). Failures throw; the recorder retries on its next pass. */
public interface ObjectStore {
    void put(String bucket, String key, Path file, String contentType);

    void put(String bucket, String key, byte[] body, String contentType);

    /** Whether the bucket exists and can be written to (IVS refuses to start a recording otherwise). */
    boolean bucketExists(String bucket);
}

package onair.function.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The IVS auto-recording the player can rewind into.
 *
 * @param bucket      recording_s3_bucket_name
 * @param keyPrefix   recording_s3_key_prefix (ivs/v1/...)
 * @param sessionId   recording_session_id
 * @param startedAt   time of Recording Start (or End time minus duration when the Start was lost)
 * @param endedAt     time of Recording End / End Failure; null while the recording is written
 * @param streamIds   recording_session_stream_ids (known from Recording End)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Recording(
        @Nullable String bucket,
        String keyPrefix,
        @Nullable String sessionId,
        Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable List<String> streamIds) {

    /**
     * The broadcast's chapters, relative to the recording's prefix: written by scripts/chapter beside IVS's events/
     * and media/ (so the lifecycle rule of ivs/ expires them with the recording and the CDN's short-TTL behaviour for
     * /ivs/*.json serves them); the contract is lambda/api/chapters.schema.json.
     */
    public static final String CHAPTERS = "/onair/chapters.json";

    public boolean inProgress() {
        return endedAt == null;
    }

    /** The key prefix as a site-relative path: CloudFront serves the recordings bucket under /ivs/v1/... */
    public String sitePath() {
        String p = keyPrefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return "/" + p;
    }
}

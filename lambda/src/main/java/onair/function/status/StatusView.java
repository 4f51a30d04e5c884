package onair.function.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The GET /api/stream body: exactly lambda/api/stream-status.schema.json (every field, nulls included). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusView(
        String status,
        @Nullable Instant since,
        @Nullable String streamId,
        @Nullable String playbackUrl,
        @Nullable Instant lastLiveAt,
        @Nullable String failureReason,
        @Nullable Dvr dvr,
        @Nullable String thumbnailUrl,
        boolean stale,
        @Nullable Instant updatedAt,
        @Nullable Long viewerCount,
        // the channel's info (scripts/channel), from its own parameter: onair.function.channel.ChannelInfoCache
        @Nullable String title,
        @Nullable String description,
        @Nullable String nextStreamAt) {

    /** Between a Stream End and the next Stream Start or the end of IVS's reconnect window. */
    public static final String RECONNECTING = "reconnecting";

    /**
     * Rewind source: the recording's multivariant playlist, served by the CDN under /ivs/v1/..., and where the
     * broadcast's chapters are (scripts/chapter writes them beside the recording; lambda/api/chapters.schema.json).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Dvr(String playlistUrl, Instant startedAt, int windowSeconds, boolean recording, String chaptersUrl) {
    }
}

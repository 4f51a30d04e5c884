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
        // the channel's info (scripts/channel), from its own parameter: onair.function.channel.ChannelInfoCache
        @Nullable String title,
        @Nullable String description,
        @Nullable String nextStreamAt) {

    /** Rewind source: the recording's multivariant playlist, served by the CDN under /ivs/v1/... */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Dvr(String playlistUrl, Instant startedAt, int windowSeconds, boolean recording) {
    }
}

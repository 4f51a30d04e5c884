package onair.function.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The GET /api/recordings body: exactly lambda/api/recordings.schema.json (every field, nulls included). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RecordingsView(List<Item> recordings, @Nullable String next) {

    /** One past broadcast; the URLs are same-site paths the CDN serves from the recordings bucket. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String id, Instant startedAt, Instant endedAt, long durationSeconds, String playlistUrl,
                       @Nullable String thumbnailUrl, @Nullable String title, String chaptersUrl) {
    }
}

package onair.function.notify;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * What is announced when a broadcast begins.
 *
 * @param title     the channel's title of the moment (scripts/channel), or null
 * @param viewerUrl the URL viewers open (the CloudFront URL), or null when it cannot be read
 * @param streamId  the stream whose Start began the broadcast: the announcement's key (a receiver may dedupe on it)
 * @param startedAt the Stream Start's time
 */
public record Announcement(@Nullable String title, @Nullable String viewerUrl, String streamId, Instant startedAt) {

    /** The name shown when the broadcaster set no title (the page says the same). */
    public static final String DEFAULT_TITLE = "OnAir";

    public String titleOrDefault() {
        return title == null || title.isBlank() ? DEFAULT_TITLE : title;
    }
}

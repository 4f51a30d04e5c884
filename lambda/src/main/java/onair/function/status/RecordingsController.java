package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import onair.function.recordings.RecordingIndex;
import onair.function.state.Recording;
import onair.function.recordings.RecordingIndexRules;
import onair.function.recordings.RecordingsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /api/recordings: past broadcasts, newest first, a page at a time (contract: lambda/api/recordings.schema.json).
 * Cached like /api/stream: the same edge headers ({@link EdgeCaching}) and the same per-instance TTL
 * ({@link RecordingsCache}); expired recordings are filtered out on every answer.
 */
@Controller("/api")
public class RecordingsController {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingsController.class);

    private final RecordingsCache cache;
    private final RecordingsConfig config;
    private final JsonMapper json;
    private final Clock clock;

    public RecordingsController(RecordingsCache cache, RecordingsConfig config, JsonMapper json, Clock clock) {
        this.cache = cache;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Get(uri = "/recordings", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> recordings(@Nullable @QueryValue("cursor") String cursor,
                                           @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RecordingsCursor after = cursor == null ? null : RecordingsCursor.decode(cursor);
        RecordingsCache.Snapshot snap = cache.get();
        List<RecordingIndex.Entry> listed = RecordingIndexRules.listed(snap.index(),
                config.recordingRetentionDays(), clock.instant());
        int size = Math.max(1, config.recordingsPageSize());
        List<RecordingsView.Item> page = new ArrayList<>();
        RecordingIndex.Entry last = null;
        boolean more = false;
        for (RecordingIndex.Entry e : listed) {
            if (after != null && !after.precedes(e)) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(item(e));
            last = e;
        }
        String next = more ? RecordingsCursor.after(last).encode() : null;
        byte[] body = serialize(new RecordingsView(page, next));
        String etag = StatusAnswers.etag(body);
        String cacheControl = snap.stale() ? EdgeCaching.STALE : EdgeCaching.FRESH;
        if (StatusEndpoint.matches(ifNoneMatch, etag)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    @Error(exception = RecordingsCursor.BadCursorException.class)
    public HttpResponse<ErrorBody> badCursor(HttpRequest<?> request, RecordingsCursor.BadCursorException e) {
        return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST)
                .body(new ErrorBody("bad_cursor", e.getMessage() + "; ask again without it for the newest page"))
                .header(HttpHeaders.CACHE_CONTROL, EdgeCaching.ERROR);
    }

    @Error(exception = RecordingsCache.RecordingsUnavailableException.class)
    public HttpResponse<ErrorBody> unavailable(HttpRequest<?> request, RecordingsCache.RecordingsUnavailableException e) {
        LOG.error("{} {}: {}", request.getMethodName(), request.getPath(), e.getMessage());
        return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorBody("recordings_unavailable", "the list of past broadcasts cannot be read right now; retry shortly"))
                .header(HttpHeaders.CACHE_CONTROL, EdgeCaching.ERROR);
    }

    private static RecordingsView.Item item(RecordingIndex.Entry e) {
        String base = "/" + e.keyPrefix();
        return new RecordingsView.Item(e.id(), e.startedAt(), e.endedAt(), Math.round(e.durationMs() / 1000.0),
                base + "/media/hls/master.m3u8", e.thumbnailKey() == null ? null : "/" + e.thumbnailKey(), e.title(),
                base + Recording.CHAPTERS);
    }

    private byte[] serialize(RecordingsView view) {
        try {
            return json.writeValueAsBytes(view);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

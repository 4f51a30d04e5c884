package onair.function.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.json.JsonMapper;
import onair.function.state.StreamState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** GET /api/stream: the state from the short cache, with validators for polling players. */
@Controller("/api")
public class StreamController {

    /** See {@link EdgeCaching}: the one place that decides how the API is cached at the edge. */
    static final String CACHE_FRESH = EdgeCaching.FRESH;
    static final String CACHE_STALE = EdgeCaching.STALE;

    private final StatusCache cache;
    private final LiveReconciler reconciler;
    private final StatusViews views;
    private final JsonMapper json;

    public StreamController(StatusCache cache, LiveReconciler reconciler, StatusViews views, JsonMapper json) {
        this.cache = cache;
        this.reconciler = reconciler;
        this.views = views;
        this.json = json;
    }

    @Get(uri = "/stream", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> stream(@Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        StatusCache.Snapshot snap = cache.get();
        StreamState state = snap.state();
        var reconciled = reconciler.reconcile(state);
        if (reconciled.isPresent()) {
            state = reconciled.get();
            cache.put(state);
        }
        boolean stale = snap.stale() && reconciled.isEmpty();
        byte[] body = serialize(views.of(state, stale));
        String etag = etag(body);
        String cacheControl = stale ? CACHE_STALE : CACHE_FRESH;
        if (matches(ifNoneMatch, etag)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private byte[] serialize(StatusView view) {
        try {
            return json.writeValueAsBytes(view);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strong validator: the body's SHA-256 (first 128 bits), so equal bodies from any instance share one ETag. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match uses weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored; lists and * are allowed. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

}

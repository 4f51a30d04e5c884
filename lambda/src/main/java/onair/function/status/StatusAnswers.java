package onair.function.status;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The one owner of the encoded GET /api/stream answer: body bytes, strong ETag and Cache-Control are computed once
 * per distinct view (a new state read, a reconcile, a new thumbnail, stale on/off) and then handed out as they are.
 * The view is a record, so "changed" is value equality: any field added to {@link StatusView} later takes part
 * without touching this class. Before this, every request serialised the view and hashed the body (issue 14).
 */
@Singleton
public class StatusAnswers {

    /**
     * An answer ready to send: never mutate {@link #body()} (it is shared by every request for this view).
     * {@code text} is the same body as a String and {@code headers} the 200 answer's headers, both for the
     * handler's direct path (a function-URL response carries a String body and a header map).
     */
    public record Answer(StatusView view, byte[] body, String text, String etag, String cacheControl,
                         Map<String, String> headers) {
    }

    private final JsonMapper json;
    private volatile Answer last;
    private volatile long encodings;

    public StatusAnswers(JsonMapper json) {
        this.json = json;
    }

    public Answer of(StatusView view) {
        Answer a = last;
        // StatusViews hands out the same view again while nothing changed: that test is one comparison
        if (a != null && (a.view() == view || a.view().equals(view))) {
            return a;
        }
        byte[] body = serialize(view);
        String etag = etag(body);
        String cacheControl = view.stale() ? EdgeCaching.STALE : EdgeCaching.FRESH;
        a = new Answer(view, body, new String(body, StandardCharsets.UTF_8), etag, cacheControl,
                Map.of("Content-Type", "application/json", "ETag", etag, "Cache-Control", cacheControl));
        last = a;
        encodings++; // a benign race: a count for tests and the benchmark, not a guard
        return a;
    }

    /** How many times a body was encoded (tests: once per distinct view, not once per request). */
    public long encodings() {
        return encodings;
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
}

package onair.function.status;

import onair.function.recordings.RecordingIndex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque paging cursor of GET /api/recordings: the sort key (start, id) of the last recording served, base64url.
 * A position, not an offset, so a recording added or expiring between two pages neither repeats nor skips one.
 *
 * @param startedAt start of the last recording of the previous page
 * @param id        its id
 */
public record RecordingsCursor(Instant startedAt, String id) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,120}");
    private static final Pattern DECODED = Pattern.compile("(\\d{1,15})\\.([a-zA-Z0-9]{1,64})");

    /** A cursor this API did not issue. */
    public static class BadCursorException extends RuntimeException {
        public BadCursorException(String message) {
            super(message);
        }
    }

    public static RecordingsCursor after(RecordingIndex.Entry last) {
        return new RecordingsCursor(last.startedAt(), last.id());
    }

    public String encode() {
        String raw = startedAt.toEpochMilli() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static RecordingsCursor decode(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new BadCursorException("cursor must be the \"next\" value of an earlier answer (base64url)");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new BadCursorException("cursor is not valid base64url");
        }
        Matcher m = DECODED.matcher(raw);
        if (!m.matches()) {
            throw new BadCursorException("cursor is not one this API issued");
        }
        return new RecordingsCursor(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2));
    }

    /** True when {@code e} comes after this position in the newest-first order. */
    public boolean precedes(RecordingIndex.Entry e) {
        int byTime = e.startedAt().compareTo(startedAt);
        return byTime < 0 || (byTime == 0 && e.id().compareTo(id) < 0);
    }
}

package onair.function.state;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps the state document inside one SSM Standard parameter: at most 4,096 characters (AWS: "Standard parameters
 * have a value limit of 4 KB", PutParameter in the botocore SSM model; Service Quotas "Parameter value size"
 * https://docs.aws.amazon.com/general/latest/gr/ssm.html). A document over it is refused on every write, so every
 * event would fail, be retried, land in the failed-events queue and fail again on replay.
 *
 * <p>Every field that comes from an event is bounded before it enters the document, so the worst case (see
 * {@code StateDocumentLimitTest}) stays under the limit whatever IVS sends:
 * <ul>
 *   <li>identifiers (event, stream, session ids, bucket): IVS's are short ([A-Za-z0-9-], ~26-36 characters); one that
 *       is longer than {@value #MAX_ID_CHARS} characters or holds anything else is replaced by a digest of itself, so
 *       equal ids still compare equal;</li>
 *   <li>{@code recording_session_stream_ids} (one id per reconnect, unbounded in principle): the last
 *       {@value #MAX_STREAM_IDS} only; nothing reads the older ones (the recording's own S3 events keep them all);</li>
 *   <li>free text (failure reasons): at most {@value #MAX_REASON_CHARS} characters as written in JSON;</li>
 *   <li>recording key prefix (it becomes the DVR path, so it cannot be shortened): a recording event whose prefix
 *       is longer than {@value #MAX_KEY_PREFIX_CHARS} JSON characters is ignored with that reason.</li>
 * </ul>
 * Lengths are counted as the JSON writer escapes (quote, backslash and control characters grow), in UTF-16 units,
 * which is never fewer than the characters SSM counts.
 */
public final class DocumentBounds {

    /** SSM Standard tier value limit, in characters. */
    public static final int SSM_STANDARD_MAX_CHARS = 4096;
    static final int MAX_ID_CHARS = 64;
    static final int MAX_STREAM_IDS = 5;
    static final int MAX_REASON_CHARS = 256;
    static final int MAX_KEY_PREFIX_CHARS = 512;

    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_ID_CHARS + "}");

    private DocumentBounds() {
    }

    /** An identifier as the document keeps it: itself when plain and short, else "sha256-" and 40 hex digits. */
    public static @Nullable String id(@Nullable String id) {
        if (id == null || PLAIN_ID.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Free text cut so that its JSON form has at most {@value #MAX_REASON_CHARS} characters (ending in "…"). */
    public static @Nullable String text(@Nullable String s) {
        if (s == null || jsonLength(s) <= MAX_REASON_CHARS) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int used = 1; // the ellipsis
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int w = jsonLength(c);
            if (used + w > MAX_REASON_CHARS || (Character.isHighSurrogate(c) && used + w + 1 > MAX_REASON_CHARS)) {
                break;
            }
            out.append(c);
            used += w;
        }
        return out.append('…').toString();
    }

    /** The last {@value #MAX_STREAM_IDS} stream ids of a recording session, each bounded like any id. */
    public static @Nullable List<String> streamIds(@Nullable List<String> ids) {
        if (ids == null) {
            return null;
        }
        List<String> tail = ids.size() > MAX_STREAM_IDS ? ids.subList(ids.size() - MAX_STREAM_IDS, ids.size()) : ids;
        return tail.stream().map(DocumentBounds::id).toList();
    }

    /** Whether a recording key prefix fits the document (it cannot be shortened: it is the DVR path). */
    public static boolean keyPrefixFits(@Nullable String prefix) {
        return prefix == null || jsonLength(prefix) <= MAX_KEY_PREFIX_CHARS;
    }

    /** The event with every identifier, list and text bounded as the document keeps them. */
    public static IvsEvent bounded(IvsEvent e) {
        return new IvsEvent(id(e.id()), e.kind(), e.time(), id(e.streamId()), text(e.reason()), id(e.bucket()),
                e.keyPrefix(), e.durationMs(), id(e.sessionId()), streamIds(e.streamIds()));
    }

    /** Length of the string inside JSON quotes as Jackson writes it (only ", \ and control characters escape). */
    static int jsonLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += jsonLength(s.charAt(i));
        }
        return n;
    }

    private static int jsonLength(char c) {
        if (c == '"' || c == '\\') {
            return 2;
        }
        return c < 0x20 ? 6 : 1;
    }
}

package onair.function.events;

import io.micronaut.core.annotation.Nullable;

/**
 * Renders untrusted event text for a log line: quoted, control and non-ASCII characters escaped as {@code \\uXXXX}
 * (so no forged line breaks or terminal escapes reach CloudWatch), and cut after a few dozen characters (so a
 * 256 KB field costs one short line).
 */
final class LogSafe {

    static final int MAX_CHARS = 64;

    private LogSafe() {
    }

    static String quote(@Nullable String s) {
        if (s == null) {
            return "null";
        }
        int shown = Math.min(s.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (s.length() > shown) {
            out.append("…(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}

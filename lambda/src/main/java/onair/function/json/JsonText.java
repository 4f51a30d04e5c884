package onair.function.json;

/**
 * JSON string literals written by hand, for the few documents the function builds without a mapper (webhook and
 * metric payloads, the Runtime API's error document, which must be writable before the application context exists):
 * RFC 8259 escaping of quote, backslash and control characters, plus U+2028/U+2029 for readers that embed JSON in
 * JavaScript.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code null} for a null string, else its literal. */
    public static String nullable(String s) {
        return s == null ? "null" : string(s);
    }

    public static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

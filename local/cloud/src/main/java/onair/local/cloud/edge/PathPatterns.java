package onair.local.cloud.edge;

/** CloudFront path pattern semantics: case-sensitive, '*' matches any run of characters (incl. '/'), '?' one. */
final class PathPatterns {
    private PathPatterns() {
    }

    static boolean matches(String pattern, String path) {
        String p = pattern.startsWith("/") ? pattern : "/" + pattern;
        return glob(p, 0, path, 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}

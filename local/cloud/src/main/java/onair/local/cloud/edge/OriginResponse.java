package onair.local.cloud.edge;

import java.util.List;
import java.util.TreeMap;

/** An origin's answer (or the edge's own error page); headers are case-insensitive. */
record OriginResponse(int status, TreeMap<String, List<String>> headers, byte[] body) {
}

package onair.local.ivs.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** List pagination as IVS does it: maxResults (1-100) and an opaque nextToken (here: the next offset). */
final class Pages {

    private Pages() {
    }

    static void page(Body body, List<? extends JsonNode> items, ObjectNode out, String field, int defaultMax) {
        int max = (int) body.integer("maxResults", defaultMax, 1, 100);
        String token = body.text("nextToken", null);
        int from = 0;
        if (token != null && !token.isEmpty()) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw ApiException.validation("nextToken is not a token this service issued");
            }
            if (from < 0 || from > items.size()) {
                throw ApiException.validation("nextToken is out of range");
            }
        }
        ArrayNode array = out.putArray(field);
        int to = Math.min(items.size(), from + max);
        items.subList(from, to).forEach(array::add);
        if (to < items.size()) {
            out.put("nextToken", Integer.toString(to));
        }
    }
}

package onair.local.ivs.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Typed, validating access to a request's JSON body; every wrong type becomes a ValidationException. */
public record Body(JsonNode json) {

    public Body {
        json = json == null || json.isNull() ? MissingNode.getInstance() : json;
    }

    public boolean has(String field) {
        return json.hasNonNull(field);
    }

    public Body object(String field) {
        JsonNode n = json.get(field);
        if (n != null && !n.isNull() && !n.isObject()) {
            throw ApiException.validation(field + " must be an object");
        }
        return new Body(n);
    }

    public String text(String field, String fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw ApiException.validation(field + " must be a string");
        }
        return n.asText();
    }

    public String requireText(String field) {
        String v = text(field, null);
        if (v == null || v.isEmpty()) {
            throw ApiException.validation(field + " is required");
        }
        return v;
    }

    public String oneOf(String field, String fallback, Set<String> allowed) {
        String v = text(field, fallback);
        if (!allowed.contains(v)) {
            throw ApiException.validation(field + " must be one of " + allowed + ", got '" + v + "'");
        }
        return v;
    }

    public String name(String field, String fallback) {
        String v = text(field, fallback);
        if (v.length() > 128 || !v.matches("[a-zA-Z0-9-_]*")) {
            throw ApiException.validation(field + " must match [a-zA-Z0-9-_]* and be at most 128 characters");
        }
        return v;
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ApiException.validation(field + " must be a boolean");
        }
        return n.asBoolean();
    }

    public long integer(String field, long fallback, long min, long max) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw ApiException.validation(field + " must be an integer");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw ApiException.validation(field + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    public List<String> strings(String field, List<String> fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isArray()) {
            throw ApiException.validation(field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> {
            if (!e.isTextual()) {
                throw ApiException.validation(field + " must be a list of strings");
            }
            out.add(e.asText());
        });
        return List.copyOf(out);
    }

    /** Tags: 0-50 string:string pairs (IVS limits). */
    public Map<String, String> tags(String field) {
        JsonNode n = json.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw ApiException.validation(field + " must be a map of string to string");
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiException.validation("tag '" + e.getKey() + "' must have a string value");
            }
            if (e.getKey().isEmpty() || e.getKey().length() > 128 || e.getValue().asText().length() > 256) {
                throw ApiException.validation("tag keys are 1-128 characters, values at most 256");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        if (out.size() > 50) {
            throw ApiException.validation("at most 50 tags per resource");
        }
        return out;
    }
}

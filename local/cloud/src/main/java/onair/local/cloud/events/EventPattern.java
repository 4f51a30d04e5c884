package onair.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import onair.local.cloud.aws.Json;

/**
 * EventBridge event pattern matching: fields are ANDed, array values are ORed; leaves may be exact values or
 * the content filters prefix, suffix, anything-but, exists, equals-ignore-case and numeric. {@code $or} is supported.
 */
final class EventPattern {
    private final JsonNode pattern;

    EventPattern(JsonNode pattern) {
        if (pattern == null || !pattern.isObject()) {
            throw new IllegalArgumentException("event pattern must be a JSON object");
        }
        this.pattern = pattern;
    }

    static EventPattern parse(String json) {
        return new EventPattern(Json.parse(json));
    }

    boolean matches(JsonNode event) {
        return matchObject(pattern, event);
    }

    private static boolean matchObject(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matchObject(alternative, event);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = event == null ? null : event.get(field.getKey());
            JsonNode rule = field.getValue();
            if (rule.isObject()) {
                if (value == null || !value.isObject() || !matchObject(rule, value)) {
                    return false;
                }
            } else if (rule.isArray()) {
                if (!matchLeaf(rule, value)) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("pattern field \"" + field.getKey()
                        + "\" must be an array or object, got " + rule);
            }
        }
        return true;
    }

    /** True when any matcher in the array matches the value (or any element of an array value). */
    private static boolean matchLeaf(JsonNode matchers, JsonNode value) {
        for (JsonNode matcher : matchers) {
            if (matcher.isObject() && matcher.has("exists")) {
                boolean present = value != null && !value.isNull() && !(value.isArray() && value.isEmpty());
                if (present == matcher.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchOne(matcher, element)) {
                        return true;
                    }
                }
            } else if (matchOne(matcher, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchOne(JsonNode matcher, JsonNode value) {
        if (!matcher.isObject()) {
            return equal(matcher, value);
        }
        if (matcher.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(matcher.get("prefix").asText());
        }
        if (matcher.has("suffix")) {
            return value.isTextual() && value.asText().endsWith(matcher.get("suffix").asText());
        }
        if (matcher.has("equals-ignore-case")) {
            return value.isTextual() && value.asText().equalsIgnoreCase(matcher.get("equals-ignore-case").asText());
        }
        if (matcher.has("anything-but")) {
            JsonNode but = matcher.get("anything-but");
            if (but.isObject()) {
                return !matchOne(but, value);
            }
            if (but.isArray()) {
                for (JsonNode b : but) {
                    if (equal(b, value)) {
                        return false;
                    }
                }
                return true;
            }
            return !equal(but, value);
        }
        if (matcher.has("numeric")) {
            return value.isNumber() && numeric(matcher.get("numeric"), value.asDouble());
        }
        throw new IllegalArgumentException("unsupported pattern matcher " + matcher);
    }

    private static boolean numeric(JsonNode spec, double v) {
        for (int i = 0; i + 1 < spec.size(); i += 2) {
            String op = spec.get(i).asText();
            double bound = spec.get(i + 1).asDouble();
            boolean ok = switch (op) {
                case "<" -> v < bound;
                case "<=" -> v <= bound;
                case "=" -> v == bound;
                case ">" -> v > bound;
                case ">=" -> v >= bound;
                default -> throw new IllegalArgumentException("unknown numeric operator " + op);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        return a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText()) && a.isTextual() == b.isTextual();
    }
}

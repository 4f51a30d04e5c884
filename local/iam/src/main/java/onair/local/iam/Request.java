package onair.local.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One API call as IAM sees it: the action, the resource ARN, and the request context (condition keys, each with one
 * or more values; a key that is absent is simply not in the map).
 */
public record Request(String action, String resource, Map<String, List<String>> context) {

    public Request {
        if (action == null || !action.contains(":")) {
            throw new IllegalArgumentException("action must be service:Name, got " + action);
        }
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("resource must be an ARN or *");
        }
        // condition key names are case-insensitive
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
        Map<String, List<String>> keys = new TreeMap<>();
        context.forEach((k, v) -> keys.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        context = Map.copyOf(keys);
    }

    public static Request of(String action, String resource) {
        return new Request(action, resource, Map.of());
    }

    /** The same request with one more single-valued context key. */
    public Request with(String key, String value) {
        return withAll(key, List.of(value));
    }

    public Request withAll(String key, List<String> values) {
        Map<String, List<String>> more = new TreeMap<>(context);
        more.put(key.toLowerCase(Locale.ROOT), values);
        return new Request(action, resource, more);
    }

    List<String> values(String key) {
        return context.get(key.toLowerCase(Locale.ROOT));
    }
}

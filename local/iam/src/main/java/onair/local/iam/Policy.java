package onair.local.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An IAM policy document (identity policy or permissions boundary). Anything this evaluator does not understand
 * (Principal in an identity policy, policy variables, an unknown condition operator) is refused when parsed, so a
 * check never passes because a part of a policy was ignored.
 */
public record Policy(String name, List<Statement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement. Exactly one of actions/notActions and one of resources/notResources is non-empty. */
    public record Statement(String sid, boolean allow, List<String> actions, List<String> notActions,
            List<String> resources, List<String> notResources, List<Condition> conditions) {
    }

    /** One operator-key pair of a Condition block, e.g. StringEquals / iam:AWSServiceName / [ivs.amazonaws.com]. */
    public record Condition(String operator, String key, List<String> values) {
    }

    public Policy {
        statements = List.copyOf(statements);
    }

    public static Policy parse(String name, String json) {
        try {
            return parse(name, JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(name + ": not JSON: " + e.getMessage(), e);
        }
    }

    public static Policy parse(String name, JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException(name + ": a policy document must be a JSON object");
        }
        JsonNode st = doc.get("Statement");
        if (st == null) {
            throw new IllegalArgumentException(name + ": no Statement");
        }
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? st : List.of(st)) {
            out.add(statement(name, s));
        }
        return new Policy(name, out);
    }

    private static Statement statement(String policy, JsonNode s) {
        String sid = s.path("Sid").asText("");
        String where = policy + (sid.isEmpty() ? "" : " statement " + sid);
        String effect = s.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new IllegalArgumentException(where + ": Effect must be Allow or Deny, got '" + effect + "'");
        }
        if (s.has("Principal") || s.has("NotPrincipal")) {
            throw new IllegalArgumentException(where + ": Principal in an identity policy or boundary is not evaluated here");
        }
        List<String> actions = strings(where, s, "Action");
        List<String> notActions = strings(where, s, "NotAction");
        List<String> resources = strings(where, s, "Resource");
        List<String> notResources = strings(where, s, "NotResource");
        if (actions.isEmpty() == notActions.isEmpty()) {
            throw new IllegalArgumentException(where + ": exactly one of Action and NotAction is required");
        }
        if (resources.isEmpty() == notResources.isEmpty()) {
            throw new IllegalArgumentException(where + ": exactly one of Resource and NotResource is required");
        }
        for (String r : concat(resources, notResources)) {
            if (r.contains("${")) {
                throw new IllegalArgumentException(where + ": policy variables (" + r + ") are not evaluated here");
            }
        }
        List<Condition> conditions = new ArrayList<>();
        JsonNode c = s.get("Condition");
        if (c != null) {
            Map<String, JsonNode> ops = new LinkedHashMap<>();
            c.fields().forEachRemaining(e -> ops.put(e.getKey(), e.getValue()));
            ops.forEach((op, keys) -> {
                Conditions.requireKnown(where, op);
                keys.fields().forEachRemaining(k -> conditions.add(new Condition(op, k.getKey(),
                        strings(where, keys, k.getKey()))));
            });
        }
        return new Statement(sid, effect.equals("Allow"), actions, notActions, resources, notResources,
                List.copyOf(conditions));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> strings(String where, JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v.isArray() ? v : List.of(v)) {
            if (!x.isValueNode()) {
                throw new IllegalArgumentException(where + ": " + field + " must be a string or a list of strings");
            }
            out.add(x.asText());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + field + " is empty");
        }
        return List.copyOf(out);
    }
}

package onair.local.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a resource policy (an SQS queue policy) for one request of an AWS service principal, the part of IAM's
 * evaluation logic a resource policy decides alone: an explicit Deny wins, else an Allow must match principal,
 * action, resource and every condition (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * Conditions: String/Arn Equals/Like (and their IfExists forms) on the keys in the request context; any other
 * operator or a key not in the context does not hold, so an unknown condition never grants access.
 * NotPrincipal/NotAction/NotResource statements are not evaluated (they never match).
 */
public final class ResourcePolicy {
    private final JsonNode document;

    public ResourcePolicy(String json) {
        this.document = json == null || json.isBlank() ? null : Json.parse(json);
    }

    /** True when the policy allows {@code service} to call {@code action} on {@code resource} in this context. */
    public boolean allowsService(String service, String action, String resource, Map<String, String> context) {
        if (document == null) {
            return false; // a service principal needs the resource policy to name it
        }
        boolean allowed = false;
        for (JsonNode s : statements()) {
            if (!matches(s, service, action, resource, context)) {
                continue;
            }
            if ("Deny".equals(s.path("Effect").asText())) {
                return false;
            }
            if ("Allow".equals(s.path("Effect").asText())) {
                allowed = true;
            }
        }
        return allowed;
    }

    private List<JsonNode> statements() {
        JsonNode st = document.path("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (st.isArray()) {
            st.forEach(out::add);
        } else if (st.isObject()) {
            out.add(st);
        }
        return out;
    }

    private static boolean matches(JsonNode s, String service, String action, String resource,
                                   Map<String, String> context) {
        return principal(s.get("Principal"), service) && any(s.get("Action"), action, true)
                && any(s.get("Resource"), resource, false) && conditions(s.get("Condition"), context);
    }

    private static boolean principal(JsonNode p, String service) {
        if (p == null) {
            return false;
        }
        if (p.isTextual()) {
            return p.asText().equals("*");
        }
        return any(p.get("Service"), service, false) || (p.has("AWS") && p.get("AWS").isTextual()
                && p.get("AWS").asText().equals("*"));
    }

    /** A string or list of patterns (IAM wildcards * and ?); actions compare case-insensitively. */
    private static boolean any(JsonNode values, String value, boolean ignoreCase) {
        if (values == null) {
            return false;
        }
        List<String> patterns = new ArrayList<>();
        if (values.isArray()) {
            values.forEach(v -> patterns.add(v.asText()));
        } else {
            patterns.add(values.asText());
        }
        for (String p : patterns) {
            if (wildcard(p, ignoreCase).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return ignoreCase ? Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE) : Pattern.compile(re.toString());
    }

    private static boolean conditions(JsonNode condition, Map<String, String> context) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        var operators = condition.fields();
        while (operators.hasNext()) {
            var op = operators.next();
            String operator = op.getKey();
            boolean ifExists = operator.endsWith("IfExists");
            String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var k = keys.next();
                String actual = lookup(context, k.getKey());
                if (actual == null) {
                    if (ifExists) {
                        continue;
                    }
                    return false;
                }
                boolean ok = switch (base) {
                    case "StringEquals", "ArnEquals" -> anyEquals(k.getValue(), actual);
                    case "StringLike", "ArnLike" -> any(k.getValue(), actual, false);
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean anyEquals(JsonNode values, String actual) {
        if (values.isArray()) {
            for (JsonNode v : values) {
                if (v.asText().equals(actual)) {
                    return true;
                }
            }
            return false;
        }
        return values.asText().equals(actual);
    }

    private static String lookup(Map<String, String> context, String key) {
        for (var e : context.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }
}

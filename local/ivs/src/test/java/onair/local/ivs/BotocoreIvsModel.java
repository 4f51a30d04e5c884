package onair.local.ivs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AWS's own description of the IVS API, as botocore ships it (the aws CLI's service model
 * botocore/data/ivs/2020-07-14/service-2.json.gz): the judge of the emulator's answers, written by nobody here.
 * check() lists every way one HTTP answer differs from what the model allows for that operation.
 */
final class BotocoreIvsModel {

    /** Where scripts/setup's pyenv puts botocore; BOTOCORE_IVS_MODEL overrides. */
    static final Path DEFAULT = Path.of("/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data/ivs/2020-07-14/service-2.json.gz");

    /**
     * Enum shapes AWS answers with "" when unset although the model's enum does not list "": a channel created
     * without a preset reads back "preset": "" (GetChannel on a STANDARD channel; see ../shared/ivs-facts.md).
     */
    private static final Set<String> EMPTY_ALLOWED = Set.of("TranscodePreset");
    /**
     * Patterns the model gets wrong for real answers: ResourceArn is "arn:aws:ivs:...:[a-z-]/..." (one letter
     * before the slash), which no real channel/stream-key ARN matches. Type and length are still checked.
     */
    private static final Set<String> PATTERN_SKIPPED = Set.of("ResourceArn");

    private final JsonNode model;

    private BotocoreIvsModel(JsonNode model) {
        this.model = model;
    }

    static Path location() {
        String env = System.getenv("BOTOCORE_IVS_MODEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return DEFAULT;
    }

    static BotocoreIvsModel load() throws IOException {
        Path p = location();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("botocore's IVS model is missing at " + p
                    + " (it comes with the aws CLI; run scripts/setup, or set BOTOCORE_IVS_MODEL)");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new BotocoreIvsModel(new ObjectMapper().readTree(in));
        }
    }

    JsonNode operation(String name) {
        JsonNode op = model.path("operations").path(name);
        if (op.isMissingNode()) {
            throw new IllegalArgumentException("the model has no operation " + name);
        }
        return op;
    }

    String requestUri(String operation) {
        return operation(operation).path("http").path("requestUri").asText();
    }

    String method(String operation) {
        return operation(operation).path("http").path("method").asText();
    }

    private JsonNode shape(String name) {
        return model.path("shapes").path(name);
    }

    /** Problems with one answer: HTTP status, error type and body against the operation's output or error shapes. */
    List<String> check(String operation, int status, String errorType, JsonNode body) {
        JsonNode op = operation(operation);
        List<String> problems = new ArrayList<>();
        if (errorType != null && !errorType.isEmpty()) {
            String type = errorType.contains(":") ? errorType.substring(0, errorType.indexOf(':')) : errorType;
            Set<String> allowed = new HashSet<>();
            op.path("errors").forEach(e -> allowed.add(e.path("shape").asText()));
            if (!allowed.contains(type)) {
                problems.add(operation + ": error " + type + " is not one the model lists for it " + allowed);
                return problems;
            }
            JsonNode errorShape = shape(type);
            int expected = errorShape.path("error").path("httpStatusCode").asInt();
            if (status != expected) {
                problems.add(operation + ": " + type + " answered HTTP " + status + ", the model says " + expected);
            }
            if (body == null || !body.isObject()) {
                problems.add(operation + ": " + type + " has no JSON object body");
                return problems;
            }
            structure(type, errorShape, body, operation + " " + type, problems);
            if (!body.path("exceptionMessage").isTextual()) {
                problems.add(operation + ": " + type + " body lacks the string exceptionMessage: " + body);
            }
            return problems;
        }
        int expected = op.path("http").path("responseCode").asInt(200);
        if (status != expected) {
            problems.add(operation + ": answered HTTP " + status + ", the model says " + expected);
        }
        String output = op.path("output").path("shape").asText("");
        if (output.isEmpty()) {
            if (body != null && !body.isMissingNode() && !(body.isObject() && body.isEmpty())) {
                problems.add(operation + ": the model has no output, the answer has a body " + body);
            }
            return problems;
        }
        if (body == null || !body.isObject()) {
            problems.add(operation + ": the answer is not a JSON object: " + body);
            return problems;
        }
        structure(output, shape(output), body, operation, problems);
        return problems;
    }

    private void value(String shapeName, JsonNode v, String path, List<String> problems) {
        JsonNode s = shape(shapeName);
        String type = s.path("type").asText();
        switch (type) {
            case "structure" -> {
                if (!v.isObject()) {
                    problems.add(path + ": " + shapeName + " must be an object, got " + v);
                } else {
                    structure(shapeName, s, v, path, problems);
                }
            }
            case "string" -> string(shapeName, s, v, path, problems);
            case "integer", "long" -> {
                if (!v.isIntegralNumber()) {
                    problems.add(path + ": " + shapeName + " must be an integer, got " + v);
                } else {
                    range(s, v.asLong(), path + " (" + shapeName + ")", problems);
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    problems.add(path + ": " + shapeName + " must be a boolean, got " + v);
                }
            }
            case "timestamp" -> {
                // rest-json: epoch seconds unless the shape says iso8601
                if ("iso8601".equals(s.path("timestampFormat").asText())) {
                    try {
                        OffsetDateTime.parse(v.asText());
                        if (!v.isTextual()) {
                            throw new DateTimeParseException("not a string", v.toString(), 0);
                        }
                    } catch (DateTimeParseException e) {
                        problems.add(path + ": " + shapeName + " must be an ISO 8601 timestamp, got " + v);
                    }
                } else if (!v.isNumber()) {
                    problems.add(path + ": " + shapeName + " must be epoch seconds, got " + v);
                }
            }
            case "list" -> {
                if (!v.isArray()) {
                    problems.add(path + ": " + shapeName + " must be a list, got " + v);
                } else {
                    range(s, v.size(), path + " (" + shapeName + " size)", problems);
                    String member = s.path("member").path("shape").asText();
                    for (int i = 0; i < v.size(); i++) {
                        value(member, v.get(i), path + "[" + i + "]", problems);
                    }
                }
            }
            case "map" -> {
                if (!v.isObject()) {
                    problems.add(path + ": " + shapeName + " must be a map, got " + v);
                } else {
                    range(s, v.size(), path + " (" + shapeName + " size)", problems);
                    String key = s.path("key").path("shape").asText();
                    String val = s.path("value").path("shape").asText();
                    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> e = it.next();
                        string(key, shape(key), new com.fasterxml.jackson.databind.node.TextNode(e.getKey()),
                                path + " key", problems);
                        value(val, e.getValue(), path + "." + e.getKey(), problems);
                    }
                }
            }
            default -> problems.add(path + ": shape " + shapeName + " has a type this checker does not know: " + type);
        }
    }

    private void structure(String shapeName, JsonNode s, JsonNode v, String path, List<String> problems) {
        JsonNode members = s.path("members");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode member = members.path(e.getKey());
            if (member.isMissingNode() || member.has("location")) {
                problems.add(path + "." + e.getKey() + ": not a body member of " + shapeName);
                continue;
            }
            if (e.getValue().isNull()) {
                problems.add(path + "." + e.getKey() + ": null (AWS leaves an unset member out)");
                continue;
            }
            value(member.path("shape").asText(), e.getValue(), path + "." + e.getKey(), problems);
        }
        s.path("required").forEach(r -> {
            if (!v.has(r.asText())) {
                problems.add(path + ": required member " + r.asText() + " of " + shapeName + " is missing");
            }
        });
    }

    private void string(String shapeName, JsonNode s, JsonNode v, String path, List<String> problems) {
        if (!v.isTextual()) {
            problems.add(path + ": " + shapeName + " must be a string, got " + v);
            return;
        }
        String text = v.asText();
        if (s.has("enum")) {
            Set<String> values = new HashSet<>();
            s.path("enum").forEach(e -> values.add(e.asText()));
            if (!values.contains(text) && !(text.isEmpty() && EMPTY_ALLOWED.contains(shapeName))) {
                problems.add(path + ": '" + text + "' is not a value of " + shapeName + " " + values);
            }
            return;
        }
        range(s, text.length(), path + " (" + shapeName + " length)", problems);
        if (s.has("pattern") && !PATTERN_SKIPPED.contains(shapeName)
                && !Pattern.compile(s.path("pattern").asText()).matcher(text).find()) {
            problems.add(path + ": '" + text + "' does not match " + shapeName + " pattern " + s.path("pattern").asText());
        }
    }

    private static void range(JsonNode s, long n, String what, List<String> problems) {
        if (s.has("min") && n < s.path("min").asLong()) {
            problems.add(what + ": " + n + " is below the model's min " + s.path("min").asLong());
        }
        if (s.has("max") && n > s.path("max").asLong()) {
            problems.add(what + ": " + n + " is above the model's max " + s.path("max").asLong());
        }
    }
}

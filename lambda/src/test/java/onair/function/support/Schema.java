package onair.function.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;

/** The API contracts in lambda/api/ (stream-status, recordings), with formats (date-time) asserted. */
public final class Schema {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Schema() {
    }

    public static JsonSchema streamStatus() {
        return load("stream-status.schema.json");
    }

    /** lambda/api/recordings.schema.json (GET /api/recordings). */
    public static JsonSchema recordings() {
        return load("recordings.schema.json");
    }

    /** lambda/api/chapters.schema.json (a broadcast's chapters, written by scripts/chapter). */
    public static JsonSchema chapters() {
        return load("chapters.schema.json");
    }

    /** @return the violations of the chapters document's contract, joined; empty when valid */
    public static String chaptersViolations(String json) {
        try {
            return chapters().validate(MAPPER.readTree(json)).stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the violations of GET /api/recordings' contract, joined; empty when valid */
    public static String recordingsViolations(String json) {
        try {
            return recordings().validate(MAPPER.readTree(json)).stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load(String file) {
        try (InputStream in = Files.newInputStream(Fixtures.api(file))) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the violations, joined; empty when valid */
    public static String violations(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Set<ValidationMessage> errors = streamStatus().validate(node);
            return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

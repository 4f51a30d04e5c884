package onair.function.aws;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The channel's title at this moment: the state document's {@code title} field when it has one (the channel title,
 * issue 13), else null. Read as a plain JSON tree so the state document's own type does not need to know about it.
 * Best effort: a replay without a title shows its date.
 */
@Singleton
public class StateTitle {

    private static final Logger LOG = LoggerFactory.getLogger(StateTitle.class);
    /** The contract's limit (lambda/api/recordings.schema.json). */
    public static final int MAX = 200;

    private final SsmClient ssm;
    private final JsonMapper json;
    private final String parameter;

    public StateTitle(SsmClient ssm, JsonMapper json, OnAirConfig config) {
        this.ssm = ssm;
        this.json = json;
        this.parameter = config.stateParameter();
    }

    @Nullable
    public String current() {
        try {
            String value = ssm.getParameter(b -> b.name(parameter)).parameter().value();
            JsonNode title = json.readValue(value, JsonNode.class).get("title");
            return title != null && title.isString() ? clean(title.getStringValue()) : null;
        } catch (ParameterNotFoundException e) {
            return null;
        } catch (Exception e) {
            LOG.warn("no title for the replay: {}", e.toString());
            return null;
        }
    }

    /** No control characters, at most {@link #MAX} characters, blank = none. */
    @Nullable
    public static String clean(@Nullable String title) {
        if (title == null) {
            return null;
        }
        String t = title.replaceAll("[\\u0000-\\u001f\\u007f]", " ").strip();
        if (t.length() > MAX) {
            t = t.substring(0, MAX);
        }
        return t.isEmpty() ? null : t;
    }
}

package onair.function.channel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The channel's title at this moment, as scripts/channel stored it in the channel info parameter (null when there is
 * none): the events function names a replay with it when its recording ends ("title at the time"). Read fresh, not
 * through {@link ChannelInfoCache}: a Recording End is rare and the title may have changed a second ago.
 * Best effort: a replay without a title shows its date.
 */
@Singleton
public class ChannelTitle {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelTitle.class);
    /** The contract's limit (lambda/api/recordings.schema.json). */
    public static final int MAX = 200;

    private final SsmClient ssm;
    private final JsonMapper json;
    @Nullable
    private final String parameter;

    public ChannelTitle(SsmClient ssm, JsonMapper json, ChannelInfoConfig config) {
        this.ssm = ssm;
        this.json = json;
        this.parameter = config.parameter();
    }

    @Nullable
    public String current() {
        if (parameter == null || parameter.isBlank()) {
            return null; // a stack without channel info
        }
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

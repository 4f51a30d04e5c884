package onair.function.aws;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The state document in its one SSM parameter. A missing parameter is the initial idle state. */
@Singleton
public class StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final SsmClient ssm;
    private final JsonMapper json;
    private final String parameter;

    public StateStore(SsmClient ssm, JsonMapper json, OnAirConfig config) {
        this.ssm = ssm;
        this.json = json;
        this.parameter = config.stateParameter();
    }

    /** Reads the document; SDK failures propagate (the caller decides between stale and retry). */
    public StreamState read() {
        String value;
        try {
            value = ssm.getParameter(b -> b.name(parameter)).parameter().value();
        } catch (ParameterNotFoundException e) {
            return StreamState.initial();
        }
        try {
            StreamState s = json.readValue(value, StreamState.class);
            return s == null || s.status() == null ? StreamState.initial() : s;
        } catch (IOException e) {
            // A hand-edited or corrupt parameter must not take the site down: treat as unknown, and the next
            // event write replaces it with a valid document.
            LOG.error("state parameter {} holds no valid state document ({}); treating it as idle", parameter,
                    e.getMessage());
            return StreamState.initial();
        }
    }

    public void write(StreamState state) {
        String value;
        try {
            value = json.writeValueAsString(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ssm.putParameter(b -> b.name(parameter).value(value).type(ParameterType.STRING).overwrite(true));
    }
}

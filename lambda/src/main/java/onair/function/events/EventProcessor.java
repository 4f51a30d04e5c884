package onair.function.events;

import jakarta.inject.Singleton;
import onair.function.aws.StateStore;
import onair.function.state.Decision;
import onair.function.state.StateMachine;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * One event in, at most one write out. Bad events are logged and dropped (returning normally, so Lambda does not
 * retry them); SSM failures propagate so the asynchronous invocation is retried, which is the retry that helps.
 */
@Singleton
public class EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final IvsEventParser parser;
    private final StateMachine machine;
    private final StateStore store;
    private final Clock clock;
    private final RecordingIndexer recordings;

    public EventProcessor(IvsEventParser parser, StateMachine machine, StateStore store, Clock clock,
                          RecordingIndexer recordings) {
        this.parser = parser;
        this.machine = machine;
        this.store = store;
        this.clock = clock;
        this.recordings = recordings;
    }

    public EventOutcome process(String body) {
        ParsedEvent parsed = parser.parse(body);
        if (parsed instanceof ParsedEvent.Rejected rejected) {
            LOG.warn("event dropped: {}", rejected.reason());
            return new EventOutcome("dropped", rejected.reason());
        }
        IvsEvent event = ((ParsedEvent.Accepted) parsed).event();
        // The replay index first: it reads the title the state document has now. Both writes are idempotent, so a
        // failure of either retries the event without harm.
        String indexed = recordings.handles(event) ? "; " + recordings.index(event) : "";
        StreamState current = store.read();
        Decision decision = machine.apply(current, event, clock.instant());
        if (decision.changed()) {
            store.write(decision.state());
        }
        LOG.info("{}: {}", event, decision.reason());
        return new EventOutcome(decision.changed() ? "applied" : "ignored",
                event + ": " + decision.reason() + indexed);
    }
}

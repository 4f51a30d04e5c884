package onair.function.events;

import jakarta.inject.Singleton;
import io.micronaut.core.annotation.Nullable;
import onair.function.aws.StateStore;
import onair.function.notify.GoLiveNotifier;
import onair.function.notify.GoLiveNotifier.GoLive;
import onair.function.state.Decision;
import onair.function.state.GoLiveRule;
import onair.function.state.StateMachine;
import onair.function.state.StreamState;
import onair.function.state.EventKind;
import onair.function.state.IvsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * One event in, at most one write out. Bad events are logged and dropped (returning normally, so Lambda does not
 * retry them); SSM failures propagate so the asynchronous invocation is retried, which is the retry that helps.
 * A change that begins a broadcast ({@link GoLiveRule}) is recorded in the same write, and announced only after it
 * ({@link GoLiveNotifier}): by {@link #process} right away, by {@link EventBatchProcessor} once the whole batch is
 * applied, so no state write ever waits for a notification.
 */
@Singleton
public class EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final IvsEventParser parser;
    private final StateMachine machine;
    private final StateStore store;
    private final Clock clock;
    private final RecordingIndexer recordings;
    private final GoLiveRule goLive;
    private final GoLiveNotifier notifier;

    public EventProcessor(IvsEventParser parser, StateMachine machine, StateStore store, Clock clock,
                          RecordingIndexer recordings, GoLiveRule goLive, GoLiveNotifier notifier) {
        this.parser = parser;
        this.machine = machine;
        this.store = store;
        this.clock = clock;
        this.recordings = recordings;
        this.goLive = goLive;
        this.notifier = notifier;
    }

    /**
     * One applied event.
     *
     * @param outcome what happened
     * @param goLive  the broadcast this event began, to announce once its write is done; null for most events
     */
    public record Applied(EventOutcome outcome, @Nullable GoLive goLive) {
    }

    /** Applies one event and announces the broadcast it began, if any (after the write). */
    public EventOutcome process(String body) {
        Applied applied = apply(body);
        if (applied.goLive() != null) {
            notifier.announce(List.of(applied.goLive()));
        }
        return applied.outcome();
    }

    /** Applies one event (at most one write); the announcement is the caller's, after every write it makes. */
    public Applied apply(String body) {
        ParsedEvent parsed = parser.parse(body);
        if (parsed instanceof ParsedEvent.Rejected rejected) {
            LOG.warn("event dropped: {}", rejected.reason());
            return new Applied(new EventOutcome("dropped", rejected.reason()), null);
        }
        IvsEvent event = ((ParsedEvent.Accepted) parsed).event();
        // The replay index first: it reads the title and the recording's start the state document has now. Both
        // writes are idempotent, so a failure of either retries the event without harm.
        StreamState current = store.read();
        String indexed = recordings.handles(event) ? "; " + recordings.index(event, current) : "";
        Decision decision = machine.apply(current, event, clock.instant());
        GoLiveRule.Verdict verdict = goLive.judge(current, event, decision);
        if (decision.changed()) {
            store.write(verdict.state());
        }
        String announce = verdict.goLive() || decision.changed() && event.kind() == EventKind.STREAM_START
                ? "; " + verdict.reason() : "";
        LOG.info("{}: {}{}", event, decision.reason(), announce);
        return new Applied(new EventOutcome(decision.changed() ? "applied" : "ignored",
                event + ": " + decision.reason() + indexed + announce),
                verdict.goLive() ? new GoLive(verdict.state().broadcastStreamId(), event.time()) : null);
    }
}

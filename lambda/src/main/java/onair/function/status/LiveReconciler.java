package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.aws.StateStore;
import onair.function.aws.StreamProbe;
import onair.function.state.Decision;
import onair.function.state.StateMachine;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Repairs lost stream events with what GetStream says (asked by {@link StreamWatch}, which bounds the calls):
 * a lost Stream End would leave the site "live" forever; a lost Stream Start after a reconnect would show
 * "reconnecting", then "offline", while the broadcaster is back. Nothing runs when nobody asks, nothing while offline.
 */
@Singleton
public class LiveReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveReconciler.class);

    private final StreamWatch watch;
    private final StateStore store;
    private final StateMachine machine;
    private final Clock clock;

    public LiveReconciler(StreamWatch watch, StateStore store, StateMachine machine, Clock clock) {
        this.watch = watch;
        this.store = store;
        this.machine = machine;
        this.clock = clock;
    }

    /** @return the state written (or found newer in SSM) when the check changed anything */
    public Optional<StreamState> reconcile(StreamState cached) {
        Optional<StreamWatch.Sample> sample = watch.check(cached);
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        StreamProbe.Result r = sample.get().result();
        boolean lostEnd = cached.isLive() && r.answer() == StreamProbe.Answer.NOT_BROADCASTING;
        boolean lostStart = !cached.isLive() && r.answer() == StreamProbe.Answer.LIVE && r.streamId() != null;
        if (!lostEnd && !lostStart) {
            return Optional.empty();
        }
        try {
            // Re-read right before writing: the events function may have written a newer state since our cache.
            StreamState current = store.read();
            Decision d = lostEnd
                    ? machine.notBroadcasting(current, sample.get().checkedAt(), clock.instant())
                    : machine.broadcasting(current, r.streamId(),
                    r.startTime() != null ? r.startTime() : sample.get().checkedAt(), clock.instant());
            LOG.info("reconcile: {}", d.reason());
            if (d.changed()) {
                store.write(d.state());
            }
            return Optional.of(d.state());
        } catch (RuntimeException e) {
            LOG.warn("reconcile skipped: {}", e.toString());
            return Optional.empty();
        }
    }
}

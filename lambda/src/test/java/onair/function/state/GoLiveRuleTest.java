package onair.function.state;

import onair.function.events.IvsEventParser;
import onair.function.events.ParsedEvent;
import onair.function.support.Fixtures;
import onair.function.support.Parsers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notification rules: a new broadcast is announced once; a reconnect inside the window, a duplicate, a replay or
 * an out-of-order delivery is not. Events go through the real state machine and the rule, as the events function
 * applies them (each written state is the next one's input), and the announcements are counted.
 */
class GoLiveRuleTest {

    static final String ARN = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf";
    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";
    static final String S3 = "st-3Third00000000000000000";
    static final Instant NOW = Instant.parse("2026-01-01T15:00:00Z");
    /** The local platform's window; the start/end fixtures are hours apart. */
    static final int WINDOW = 60;

    final IvsEventParser parser = Parsers.at(NOW, ARN, Parsers.BUCKET);
    final StateMachine machine = new StateMachine();
    final GoLiveRule rule = new GoLiveRule(ReconnectWindow.ofSeconds(WINDOW));

    StreamState state = StreamState.initial();
    final List<String> announced = new ArrayList<>();

    IvsEvent fixture(String name) {
        ParsedEvent p = parser.parse(Fixtures.event(name));
        assertTrue(p instanceof ParsedEvent.Accepted, () -> name + ": " + p);
        return ((ParsedEvent.Accepted) p).event();
    }

    /** The fixture as another delivery of another stream would carry it: fresh id, time and stream id. */
    IvsEvent fixture(String name, String time, String streamId) {
        IvsEvent e = fixture(name);
        return new IvsEvent(UUID.randomUUID().toString(), e.kind(), Instant.parse(time), streamId, e.reason(),
                e.bucket(), e.keyPrefix(), e.durationMs(), e.sessionId(), e.streamIds());
    }

    void deliver(IvsEvent... events) {
        for (IvsEvent e : events) {
            Decision d = machine.apply(state, e, NOW);
            GoLiveRule.Verdict v = rule.judge(state, e, d);
            if (v.goLive()) {
                announced.add(v.state().broadcastStreamId());
            }
            state = v.state();
        }
    }

    @Test
    void aStreamStartFromIdleIsANewBroadcastAndIsRecordedInTheWrittenState() {
        deliver(fixture("stream-start"));
        assertEquals(List.of(S1), announced);
        assertEquals(S1, state.broadcastStreamId(), "the record of the announcement is in the document written");
        assertTrue(state.isLive());
    }

    @Test
    void aDuplicateDeliveryOfTheStreamStartAnnouncesNothing() {
        IvsEvent start = fixture("stream-start");
        deliver(start, start);
        assertEquals(List.of(S1), announced);
    }

    @Test
    void aReplayOfTheStartWithAnotherEventIdAnnouncesNothing() {
        deliver(fixture("stream-start"), fixture("stream-start", "2026-01-01T12:00:00Z", S1));
        assertEquals(List.of(S1), announced);
    }

    /** The function sees the reconnect at NOW, an hour after its window closed: judged by the Start's own time. */
    @Test
    void aReconnectInsideTheWindowIsTheSameBroadcast() {
        deliver(fixture("stream-start"), fixture("stream-end"),
                fixture("stream-start", "2026-01-01T14:00:40Z", S2));
        assertEquals(List.of(S1), announced);
        assertTrue(state.isLive());
        assertEquals(S2, state.streamId());
        assertEquals(S1, state.broadcastStreamId(), "a reconnect keeps the broadcast it continues");
    }

    @Test
    void aStartAfterTheWindowIsANewBroadcast() {
        deliver(fixture("stream-start"), fixture("stream-end"),
                fixture("stream-start", "2026-01-01T14:01:01Z", S2));
        assertEquals(List.of(S1, S2), announced);
        assertEquals(S2, state.broadcastStreamId());
    }

    @Test
    void theWindowEndsAtTheRecordingEndSoTheNextStartIsANewBroadcast() {
        // IVS sends Recording End only once the window is over: a Start after it begins another broadcast
        deliver(fixture("stream-start"), fixture("recording-start"), fixture("stream-end"),
                fixture("recording-end"), fixture("stream-start", "2026-01-01T14:00:45Z", S2));
        assertEquals(List.of(S1, S2), announced);
    }

    @Test
    void aNewStreamReplacingTheLiveOneBeforeItsEndArrivedIsTheSameBroadcast() {
        // out of order: the reconnect's Start overtakes the previous stream's End, which then arrives late
        deliver(fixture("stream-start"), fixture("stream-start", "2026-01-01T14:00:10Z", S2), fixture("stream-end"));
        assertEquals(List.of(S1), announced);
        assertEquals(S2, state.streamId());
        assertTrue(state.isLive());
    }

    @Test
    void aStartWhoseEndArrivedFirstIsNotAnnounced() {
        deliver(fixture("stream-end"), fixture("stream-start"));
        assertEquals(List.of(), announced, "the broadcast was over when we learned of it");
    }

    @Test
    void anOldStartReplayedAfterANewerBroadcastIsNotAnnounced() {
        deliver(fixture("stream-start"), fixture("stream-end"),
                fixture("stream-start", "2026-01-01T16:00:00Z", S2), fixture("stream-start"));
        assertEquals(List.of(S1, S2), announced);
        assertEquals(S2, state.streamId());
    }

    @Test
    void aTakeoverOrEndOrRecordingEventNeverAnnounces() {
        deliver(fixture("stream-takeover"), fixture("recording-start"), fixture("stream-end"),
                fixture("session-created"));
        assertEquals(List.of(), announced);
    }

    @Test
    void anEndInferredFromGetStreamOpensNoWindowSoTheNextStartIsAnnounced() {
        deliver(fixture("stream-start"));
        state = machine.notBroadcasting(state, Instant.parse("2026-01-01T14:00:00Z"), NOW).state();
        deliver(fixture("stream-start", "2026-01-01T14:00:20Z", S3));
        assertEquals(List.of(S1, S3), announced);
    }

    @Test
    void aReconnectAfterAnEndGetStreamNoticedFirstIsNotAnnouncedAgain() {
        // GetStream sees the drop before EventBridge delivers the Stream End; the recording is still open
        deliver(fixture("stream-start"), fixture("recording-start"));
        Instant end = fixture("stream-end").time();
        state = machine.notBroadcasting(state, end.plusSeconds(3), NOW).state();
        // the reconnect's Start may come before the late End, or after it
        IvsEvent reconnect = fixture("stream-start", end.plusSeconds(20).toString(), S2);
        GoLiveRuleTest other = new GoLiveRuleTest();
        other.state = state;
        deliver(reconnect, fixture("stream-end"));
        other.deliver(fixture("stream-end"), reconnect);
        assertEquals(List.of(S1), announced);
        assertEquals(List.of(), other.announced);
        assertEquals(S2, other.state.streamId());
        assertTrue(other.state.isLive());
    }

    @Test
    void noWindowMeansEveryStartFromIdleIsANewBroadcast() {
        GoLiveRule noWindow = new GoLiveRule(ReconnectWindow.ofSeconds(0));
        StreamState live = machine.apply(StreamState.initial(), fixture("stream-start"), NOW).state();
        StreamState idle = machine.apply(live, fixture("stream-end"), NOW).state();
        IvsEvent again = fixture("stream-start", "2026-01-01T14:00:01Z", S2);
        assertTrue(noWindow.judge(idle, again, machine.apply(idle, again, NOW)).goLive());
        assertFalse(rule.judge(idle, again, machine.apply(idle, again, NOW)).goLive());
    }
}

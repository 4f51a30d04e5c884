package onair.function.state;

import onair.function.events.IvsEventParser;
import onair.function.events.ParsedEvent;
import onair.function.support.Fixtures;
import onair.function.support.Parsers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every ordering rule, on events parsed from the real-shaped fixtures. */
class StateMachineTest {

    static final String ARN = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf";
    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";
    static final Instant NOW = Instant.parse("2026-01-01T15:00:00Z");

    final IvsEventParser parser = Parsers.at(NOW, ARN, Parsers.BUCKET);
    final StateMachine machine = new StateMachine();

    IvsEvent fixture(String name) {
        ParsedEvent p = parser.parse(Fixtures.event(name));
        assertTrue(p instanceof ParsedEvent.Accepted, () -> name + ": " + p);
        return ((ParsedEvent.Accepted) p).event();
    }

    /** The fixture with a fresh id, another time and stream id (as a different delivery would carry). */
    IvsEvent fixture(String name, String time, String streamId) {
        IvsEvent e = fixture(name);
        return new IvsEvent(UUID.randomUUID().toString(), e.kind(), Instant.parse(time), streamId, e.reason(),
                e.bucket(), e.keyPrefix(), e.durationMs(), e.sessionId(), e.streamIds());
    }

    StreamState run(StreamState s, IvsEvent... events) {
        for (IvsEvent e : events) {
            s = machine.apply(s, e, NOW).state();
        }
        return s;
    }

    @Test
    void streamStartGoesLive() {
        Decision d = machine.apply(StreamState.initial(), fixture("stream-start"), NOW);
        assertTrue(d.changed());
        StreamState s = d.state();
        assertEquals("live", s.status());
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), s.since());
        assertEquals(S1, s.streamId());
        assertEquals(NOW, s.updatedAt());
        assertTrue(s.eventIds().contains(fixture("stream-start").id()));
    }

    @Test
    void streamEndGoesIdleAndKeepsWhenItWasLive() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("stream-end"));
        assertEquals("idle", s.status());
        assertEquals(Instant.parse("2026-01-01T14:00:00Z"), s.since());
        assertEquals(Instant.parse("2026-01-01T14:00:00Z"), s.lastLiveAt());
        assertNull(s.failureReason());
    }

    @Test
    void streamFailureGoesIdleWithTheReason() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("stream-failure"));
        assertEquals("idle", s.status());
        assertEquals("Input bitrate exceeded the channel limit", s.failureReason());
    }

    @Test
    void failureAfterEndOfTheSameStreamAddsOnlyTheReason() {
        StreamState ended = run(StreamState.initial(), fixture("stream-start"), fixture("stream-end"));
        StreamState s = run(ended, fixture("stream-failure", "2026-01-01T14:00:01Z", S1));
        assertEquals("idle", s.status());
        assertEquals(ended.since(), s.since());
        assertEquals("Input bitrate exceeded the channel limit", s.failureReason());
    }

    @Test
    void duplicateDeliveryChangesNothing() {
        StreamState live = run(StreamState.initial(), fixture("stream-start"));
        Decision d = machine.apply(live, fixture("stream-start"), NOW.plusSeconds(5));
        assertFalse(d.changed());
        assertTrue(d.reason().contains("duplicate"), d.reason());
        assertEquals(live, d.state());
    }

    @Test
    void duplicateEndWithAnotherIdChangesNothing() {
        StreamState ended = run(StreamState.initial(), fixture("stream-start"), fixture("stream-end"));
        Decision d = machine.apply(ended, fixture("stream-end", "2026-01-01T14:00:00Z", S1), NOW);
        assertFalse(d.changed());
    }

    @Test
    void endBeforeStartOfTheSameStreamEndsUpIdle() {
        // "you could see Stream Down before Stream Up"
        StreamState s = run(StreamState.initial(), fixture("stream-end"), fixture("stream-start"));
        assertEquals("idle", s.status());
        assertEquals(S1, s.streamId());
        assertEquals(Instant.parse("2026-01-01T14:00:00Z"), s.since());
    }

    @Test
    void lateEndOfAnOlderStreamDoesNotEndTheNewerOne() {
        StreamState live2 = run(StreamState.initial(), fixture("stream-start"),
                fixture("stream-start", "2026-01-01T15:00:00Z", S2));
        assertEquals(S2, live2.streamId());
        Decision d = machine.apply(live2, fixture("stream-end", "2026-01-01T14:59:00Z", S1), NOW);
        assertFalse(d.changed(), d.reason());
        assertEquals("live", d.state().status());
        assertEquals(S2, d.state().streamId());
    }

    @Test
    void startOlderThanTheCurrentStateIsIgnored() {
        StreamState ended = run(StreamState.initial(), fixture("stream-start", "2026-01-01T16:00:00Z", S2),
                fixture("stream-end", "2026-01-01T17:00:00Z", S2));
        // a Start of an older stream, hours late
        Decision d = machine.apply(ended, fixture("stream-start"), NOW);
        assertFalse(d.changed(), d.reason());
        assertEquals("idle", d.state().status());
    }

    @Test
    void endOfAnUnseenNewerStreamWhileIdleIsRecordedSoItsLateStartIsIgnored() {
        StreamState ended = run(StreamState.initial(), fixture("stream-start"), fixture("stream-end"));
        StreamState s = run(ended, fixture("stream-end", "2026-01-01T18:00:00Z", S2),
                fixture("stream-start", "2026-01-01T17:00:00Z", S2));
        assertEquals("idle", s.status());
        assertEquals(S2, s.streamId());
        assertEquals(Instant.parse("2026-01-01T18:00:00Z"), s.lastLiveAt());
    }

    @Test
    void sessionCreatedChangesNothing() {
        Decision d = machine.apply(StreamState.initial(), fixture("session-created"), NOW);
        assertFalse(d.changed());
    }

    @Test
    void sessionEndedEndsTheLiveStreamWhenStreamEndIsLate() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("session-ended"));
        assertEquals("idle", s.status());
        assertEquals(Instant.parse("2026-01-01T14:00:02Z"), s.since());
        // the late Stream End (older than the session end) changes nothing
        Decision d = machine.apply(s, fixture("stream-end"), NOW);
        assertFalse(d.changed(), d.reason());
    }

    @Test
    void sessionEndedWhileIdleChangesNothing() {
        assertFalse(machine.apply(StreamState.initial(), fixture("session-ended"), NOW).changed());
    }

    @Test
    void takeoverSwitchesToTheNewStreamAndTheOldEndIsIgnored() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("stream-takeover"));
        assertEquals("live", s.status());
        assertEquals("st-2TakeOver00000000000000", s.streamId());
        Decision d = machine.apply(s, fixture("stream-end", "2026-01-01T13:30:01Z", S1), NOW);
        assertFalse(d.changed(), d.reason());
        assertEquals("live", d.state().status());
    }

    @Test
    void takeoverFailureChangesNothing() {
        StreamState live = run(StreamState.initial(), fixture("stream-start"));
        IvsEvent e = fixture("stream-takeover");
        IvsEvent failure = new IvsEvent("takeover-failure-1", EventKind.STREAM_TAKEOVER_FAILURE,
                e.time(), e.streamId(), null, null, null, null, null, null);
        Decision d = machine.apply(live, failure, NOW);
        assertFalse(d.changed(), d.reason());
        assertEquals(S1, d.state().streamId());
    }

    @Test
    void recordingEndFailureEndsTheRecording() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("recording-start"));
        IvsEvent end = fixture("recording-end");
        IvsEvent failure = new IvsEvent("rec-end-failure-1", EventKind.RECORDING_END_FAILURE,
                end.time(), null, "InternalServerException", end.bucket(), end.keyPrefix(), null, end.sessionId(),
                null);
        StreamState after = run(s, failure);
        assertEquals(end.time(), after.recording().endedAt());
        assertEquals(Instant.parse("2026-01-01T12:00:05Z"), after.recording().startedAt());
    }

    @Test
    void recordingEndOfAnOlderRecordingIsIgnored() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("recording-start"));
        IvsEvent end = fixture("recording-end");
        IvsEvent olderEnd = new IvsEvent("old-end", end.kind(), Instant.parse("2026-01-01T12:00:01Z"), null, null,
                "b", "ivs/v1/123456789012/AbCdEf/2026/1/1/10/0/older", 3_600_000L, null, null);
        Decision d = machine.apply(s, olderEnd, NOW);
        assertFalse(d.changed(), d.reason());
        assertTrue(d.state().recording().inProgress());
    }

    @Test
    void recordingStartAndEndAreKept() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("recording-start"));
        Recording r = s.recording();
        assertNotNull(r);
        assertEquals("onair-recordings", r.bucket());
        assertEquals("ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/j8Z9O91ndcVs", r.keyPrefix());
        assertEquals(Instant.parse("2026-01-01T12:00:05Z"), r.startedAt());
        assertTrue(r.inProgress());
        s = run(s, fixture("stream-end"), fixture("recording-end"));
        assertEquals(Instant.parse("2026-01-01T14:00:30Z"), s.recording().endedAt());
        assertEquals(java.util.List.of(S1), s.recording().streamIds());
    }

    @Test
    void recordingStartBeforeStreamStartIsKeptForTheStream() {
        StreamState s = run(StreamState.initial(), fixture("recording-start"), fixture("stream-start"));
        assertEquals("live", s.status());
        assertNotNull(s.recording());
        assertTrue(s.recording().inProgress());
    }

    @Test
    void recordingEndWithoutStartDerivesTheStartFromTheDuration() {
        StreamState s = run(StreamState.initial(), fixture("recording-end"));
        assertEquals(Instant.parse("2026-01-01T12:00:05Z"), s.recording().startedAt());
        assertFalse(s.recording().inProgress());
    }

    @Test
    void duplicateOrOlderRecordingEventsAreIgnored() {
        StreamState s = run(StreamState.initial(), fixture("recording-start"));
        assertFalse(machine.apply(s, fixture("recording-start", "2026-01-01T12:00:05Z", S1), NOW).changed());
        IvsEvent older = fixture("recording-start");
        IvsEvent olderOther = new IvsEvent("x-older", older.kind(), Instant.parse("2026-01-01T11:00:00Z"), null,
                null, "b", "ivs/v1/123456789012/AbCdEf/2026/1/1/11/0/older", null, null, null);
        assertFalse(machine.apply(s, olderOther, NOW).changed());
        StreamState ended = run(s, fixture("recording-end"));
        assertFalse(machine.apply(ended, fixture("recording-end", "2026-01-01T14:00:31Z", S1), NOW).changed());
    }

    @Test
    void newStreamDropsAFinishedRecordingOfAnEarlierStream() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("recording-start"),
                fixture("stream-end"), fixture("recording-end"),
                fixture("stream-start", "2026-01-01T16:00:00Z", S2));
        assertEquals("live", s.status());
        assertNull(s.recording());
    }

    @Test
    void recordingStartFailureKeepsTheReason() {
        StreamState s = run(StreamState.initial(), fixture("stream-start"), fixture("recording-start-failure"));
        assertEquals("live", s.status());
        assertEquals("Recording Start Failure: ValidationException", s.failureReason());
    }

    @Test
    void reconciliationEndsALiveStreamWhoseEndWasLost() {
        StreamState live = run(StreamState.initial(), fixture("stream-start"));
        Decision d = machine.notBroadcasting(live, NOW, NOW);
        assertTrue(d.changed());
        assertEquals("idle", d.state().status());
        assertEquals(NOW, d.state().lastLiveAt());
        // the End turning up later (it was late, not lost) puts the real end time in place of the check's, once
        StreamState ended = machine.apply(d.state(), fixture("stream-end"), NOW).state();
        assertEquals("idle", ended.status());
        assertEquals(fixture("stream-end").time(), ended.lastLiveAt());
        assertFalse(ended.isEndInferred());
        assertFalse(machine.apply(ended, fixture("stream-end"), NOW).changed());
    }

    @Test
    void reconciliationNeverOverwritesANewerStart() {
        StreamState live = run(StreamState.initial(), fixture("stream-start", "2026-01-01T15:00:05Z", S2));
        assertFalse(machine.notBroadcasting(live, NOW, NOW).changed());
        assertFalse(machine.notBroadcasting(StreamState.initial(), NOW, NOW).changed());
    }

    @Test
    void recentIdsStayBounded() {
        StreamState s = StreamState.initial();
        for (int i = 0; i < 50; i++) {
            s = s.stamped("id-" + i, NOW);
        }
        assertEquals(StreamState.RECENT_IDS, s.eventIds().size());
        assertEquals("id-49", s.eventIds().get(StreamState.RECENT_IDS - 1));
    }
}

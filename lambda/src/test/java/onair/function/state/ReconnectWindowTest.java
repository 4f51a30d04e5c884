package onair.function.state;

import onair.function.events.IvsEventParser;
import onair.function.events.ParsedEvent;
import onair.function.support.Fixtures;
import onair.function.support.Parsers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconnect rules on IVS-shaped events: a reconnect within the window is a new stream (its own Stream Start /
 * Stream End) inside the same recording (one Recording Start, one Recording End after the window listing every
 * stream id). Duplicates, reordering and lost events are handled.
 */
class ReconnectWindowTest {

    static final String ARN = "arn:aws:ivs:us-east-1:123456789012:channel/AbCdEf";
    static final String S1 = "st-1A2b3c4D5e6F78ghij9Klmn";
    static final String S2 = "st-2Second0000000000000000";
    static final String S3 = "st-3Third00000000000000000";
    static final Instant NOW = Instant.parse("2026-01-01T15:00:00Z");
    static final ReconnectWindow WINDOW = ReconnectWindow.ofSeconds(60);

    final IvsEventParser parser = Parsers.at(NOW, ARN, Parsers.BUCKET);
    final StateMachine machine = new StateMachine();

    IvsEvent fixture(String name, String time, String streamId) {
        ParsedEvent p = parser.parse(Fixtures.event(name));
        assertTrue(p instanceof ParsedEvent.Accepted, () -> name + ": " + p);
        IvsEvent e = ((ParsedEvent.Accepted) p).event();
        return new IvsEvent(UUID.randomUUID().toString(), e.kind(), Instant.parse(time), streamId, e.reason(),
                e.bucket(), e.keyPrefix(), e.durationMs(), e.sessionId(),
                e.streamIds() == null ? null : List.of(S1, S2));
    }

    StreamState run(IvsEvent... events) {
        StreamState s = StreamState.initial();
        for (IvsEvent e : events) {
            s = machine.apply(s, e, NOW).state();
        }
        return s;
    }

    final IvsEvent start1 = fixture("stream-start", "2026-01-01T12:00:00Z", S1);
    final IvsEvent recStart = fixture("recording-start", "2026-01-01T12:00:05Z", S1);
    final IvsEvent end1 = fixture("stream-end", "2026-01-01T12:30:00Z", S1);
    final IvsEvent start2 = fixture("stream-start", "2026-01-01T12:30:20Z", S2);
    final IvsEvent end2 = fixture("stream-end", "2026-01-01T13:00:00Z", S2);
    final IvsEvent recEnd = fixture("recording-end", "2026-01-01T13:01:00Z", S2);

    static Instant at(String t) {
        return Instant.parse(t);
    }

    @Test
    void reconnectingFromTheEndUntilTheWindowCloses() {
        StreamState s = run(start1, recStart, end1);
        assertEquals("idle", s.status());
        assertTrue(WINDOW.reconnecting(s, at("2026-01-01T12:30:00Z")));
        assertTrue(WINDOW.reconnecting(s, at("2026-01-01T12:30:59Z")));
        assertFalse(WINDOW.reconnecting(s, at("2026-01-01T12:31:00Z")), "the window is over: offline");
        assertFalse(ReconnectWindow.ofSeconds(0).reconnecting(s, at("2026-01-01T12:30:01Z")), "no window, no reconnect");
    }

    @Test
    void theNextStartEndsReconnectingAndKeepsTheSameRecording() {
        StreamState s = run(start1, recStart, end1, start2);
        assertEquals("live", s.status());
        assertEquals(S2, s.streamId());
        assertEquals(recStart.keyPrefix(), s.recording().keyPrefix(), "IVS merged the reconnect: same recording");
        assertTrue(s.recording().inProgress());
        assertFalse(WINDOW.reconnecting(s, at("2026-01-01T12:30:30Z")));
    }

    @Test
    void recordingEndClosesTheWindowEarly() {
        // Recording End comes only after the window; a late-clocked one still means it is over
        StreamState s = run(start1, recStart, end1, fixture("recording-end", "2026-01-01T12:30:40Z", S1));
        assertFalse(WINDOW.reconnecting(s, at("2026-01-01T12:30:45Z")));
    }

    @Test
    void anOlderRecordingSaysNothingAboutThisStream() {
        // a recording that ended before this stream did (an earlier broadcast's; this one's Recording Start lost)
        IvsEvent oldEnd = fixture("recording-end", "2026-01-01T11:00:00Z", S1);
        StreamState s = run(oldEnd, start1, end1);
        assertTrue(WINDOW.reconnecting(s, at("2026-01-01T12:30:10Z")));
    }

    @Test
    void duplicatesChangeNothing() {
        StreamState once = run(start1, recStart, end1, start2);
        StreamState twice = run(start1, start1, recStart, end1, recStart, end1, start2, end1, start2);
        assertEquals(once.status(), twice.status());
        assertEquals(once.streamId(), twice.streamId());
        assertEquals(once.recording(), twice.recording());
    }

    @Test
    void reorderedDeliveryEndsInTheSameState() {
        StreamState inOrder = run(start1, recStart, end1, start2, end2, recEnd);
        StreamState shuffled = run(recStart, start2, end1, start1, recEnd, end2);
        assertEquals(inOrder.status(), shuffled.status());
        assertEquals(inOrder.streamId(), shuffled.streamId());
        assertEquals(inOrder.lastLiveAt(), shuffled.lastLiveAt());
        assertEquals(inOrder.recording().keyPrefix(), shuffled.recording().keyPrefix());
        assertFalse(WINDOW.reconnecting(shuffled, at("2026-01-01T13:00:30Z")), "Recording End seen: offline");

        // the second stream's Start overtaking the first one's End: the old End is a late event, still live
        StreamState late = run(start1, recStart, start2, end1);
        assertEquals("live", late.status());
        assertEquals(S2, late.streamId());
    }

    @Test
    void aLostStartAfterAReconnectIsCoveredByTheNextEnd() {
        // Start of S2 lost: its End still moves the window to S2's end
        StreamState s = run(start1, recStart, end1, end2);
        assertEquals("idle", s.status());
        assertEquals(S2, s.streamId());
        assertTrue(WINDOW.reconnecting(s, at("2026-01-01T13:00:30Z")));
        // ... and its late Start is ignored
        assertEquals("idle", machine.apply(s, start2, NOW).state().status());
    }

    @Test
    void aLostStartIsRepairedFromGetStream() {
        StreamState s = run(start1, recStart, end1);
        Decision d = machine.broadcasting(s, S2, at("2026-01-01T12:30:20Z"), NOW);
        assertTrue(d.changed(), d.reason());
        assertEquals("live", d.state().status());
        assertEquals(S2, d.state().streamId());
        assertEquals(recStart.keyPrefix(), d.state().recording().keyPrefix(), "the same recording goes on");
        // GetStream still naming the stream that ended here changes nothing (its End is authoritative)
        assertFalse(machine.broadcasting(s, S1, at("2026-01-01T12:00:00Z"), NOW).changed());
        // nor does it touch a live document
        assertFalse(machine.broadcasting(d.state(), S3, at("2026-01-01T12:40:00Z"), NOW).changed());
        // the late Stream Start of the repaired stream is a duplicate in effect
        assertFalse(machine.apply(d.state(), start2, NOW).changed());
    }

    @Test
    void aLostEndAfterAReconnectIsRepairedByGetStream() {
        // S2 (the reconnect) ends but its Stream End is lost: the reconcile (GetStream: not broadcasting) ends it
        StreamState s = run(start1, recStart, end1, start2);
        Decision d = machine.notBroadcasting(s, at("2026-01-01T13:05:00Z"), NOW);
        assertTrue(d.changed(), d.reason());
        assertEquals("idle", d.state().status());
        assertEquals(S2, d.state().streamId());
        // the merged recording's End (after IVS's window) still lands on it; the late End of S2 changes nothing
        StreamState after = machine.apply(d.state(), recEnd, NOW).state();
        assertFalse(after.recording().inProgress());
        assertFalse(WINDOW.reconnecting(after, at("2026-01-01T13:05:10Z")), "the recording ended: offline");
        // S2's End was late, not lost: it puts the real end time in place of the check's, and changes nothing else
        StreamState corrected = machine.apply(after, end2, NOW).state();
        assertEquals(at("2026-01-01T13:00:00Z"), corrected.lastLiveAt());
        assertFalse(corrected.isEndInferred());
        assertEquals(S2, corrected.streamId());
        assertFalse(WINDOW.reconnecting(corrected, at("2026-01-01T13:00:30Z")), "the Recording End still closes it");
        assertFalse(machine.apply(corrected, end2, NOW).changed(), "a second copy of that End is a duplicate");
    }

    @Test
    void anEndInferredWhileTheRecordingIsOpenIsReconnectingUntilTheLateStreamEndFixesTheTime() {
        // GetStream notices the drop (12:30:00) at 12:30:04, before EventBridge delivers S1's Stream End
        StreamState inferred = machine.notBroadcasting(run(start1, recStart), at("2026-01-01T12:30:04Z"), NOW).state();
        assertTrue(inferred.isEndInferred());
        assertTrue(WINDOW.reconnecting(inferred, at("2026-01-01T12:30:05Z")),
                "IVS keeps the recording open for a reconnect: reconnecting, not offline");
        // the Stream End arrives: the window now runs from the real end
        StreamState s = machine.apply(inferred, end1, NOW).state();
        assertEquals("idle", s.status());
        assertFalse(s.isEndInferred());
        assertEquals(at("2026-01-01T12:30:00Z"), s.lastLiveAt());
        assertEquals(at("2026-01-01T12:30:00Z"), s.since());
        assertTrue(WINDOW.reconnecting(s, at("2026-01-01T12:30:59Z")));
        assertFalse(WINDOW.reconnecting(s, at("2026-01-01T12:31:00Z")));
        // and the reconnect continues the same recording
        StreamState back = machine.apply(s, start2, NOW).state();
        assertEquals("live", back.status());
        assertEquals(recStart.keyPrefix(), back.recording().keyPrefix());
        // the same events in the order EventBridge usually delivers them end in the same state
        StreamState usual = run(start1, recStart, end1, start2);
        assertEquals(usual.status(), back.status());
        assertEquals(usual.lastLiveAt(), back.lastLiveAt());
        assertEquals(usual.recording(), back.recording());
    }

    @Test
    void anEndBeforeTheInferredStreamsStartIsNotItsEnd() {
        StreamState inferred = machine.notBroadcasting(run(start1, recStart), at("2026-01-01T12:30:04Z"), NOW).state();
        assertFalse(machine.apply(inferred, fixture("stream-end", "2026-01-01T11:59:00Z", S1), NOW).changed());
    }

    @Test
    void aLostEndRepairedByGetStreamWithNoOpenRecordingOffersNoWindow() {
        StreamState s = run(start1);
        Decision d = machine.notBroadcasting(s, at("2026-01-01T14:00:00Z"), NOW);
        assertEquals("idle", d.state().status());
        assertFalse(WINDOW.reconnecting(d.state(), at("2026-01-01T14:00:10Z")),
                "when the stream really ended is unknown and no recording waits for it: offline, not reconnecting");
        // nor when the recording has already ended (IVS ends it only after its window)
        StreamState ended = machine.notBroadcasting(run(start1, recStart, fixture("recording-end",
                "2026-01-01T13:59:00Z", S1)), at("2026-01-01T14:00:00Z"), NOW).state();
        assertFalse(WINDOW.reconnecting(ended, at("2026-01-01T14:00:10Z")));
        // a later event-driven end of a newer stream offers the window again
        StreamState next = run(start1, recStart);
        next = machine.notBroadcasting(next, at("2026-01-01T14:00:00Z"), NOW).state();
        next = machine.apply(next, fixture("stream-start", "2026-01-01T14:10:00Z", S3), NOW).state();
        next = machine.apply(next, fixture("stream-end", "2026-01-01T14:20:00Z", S3), NOW).state();
        assertTrue(WINDOW.reconnecting(next, at("2026-01-01T14:20:10Z")));
    }
}

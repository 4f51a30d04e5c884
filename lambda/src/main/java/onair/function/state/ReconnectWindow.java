package onair.function.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * IVS's {@code recordingReconnectWindowSeconds}: a broadcast that disconnects and comes back within the window is
 * merged into the same recording ("If a broadcast disconnects and then reconnects within the specified interval,
 * the multiple streams will be considered a single broadcast and merged together", botocore IVS model,
 * CreateRecordingConfigurationRequest.recordingReconnectWindowSeconds; "merge fragmented streams",
 * https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html and
 * https://aws.amazon.com/blogs/media/optimizing-amazon-ivs-live-to-vod-with-live-input-interruptions/). Each
 * reconnect is a new stream (its own Stream Start / Stream End, a new stream id); the recording gets one Recording
 * Start and, after the window, one Recording End listing every stream id ({@code recording_session_stream_ids}).
 *
 * <p>So between a stream's end and either the next Stream Start or the end of the window the broadcast may still
 * continue: "reconnecting". Judged at read time from the stored end time (nothing runs at rest, no timer):
 * <ul>
 *   <li>the document is idle after a stream ({@code lastLiveAt} known) and the window is over 0;</li>
 *   <li>that end came from an event, or, when it was inferred from GetStream (the Stream End was lost or has not
 *       arrived yet), the recording is still being written: IVS keeps a recording open through the window, so an
 *       open recording says the broadcast can still come back. GetStream often notices a dropped stream before
 *       EventBridge delivers its Stream End; without this the site would say "offline" and the reconnect would be
 *       announced as a new broadcast. An inferred end with no open recording has no known end time: no window;</li>
 *   <li>now is before {@code lastLiveAt + window};</li>
 *   <li>the recording has not ended since that stream ended: IVS sends Recording End only once the window is
 *       over, so a Recording End at or after the stream's end closes the window early (events can be late, never
 *       early). A recording that ended before the stream did belongs to an earlier broadcast and says nothing.</li>
 * </ul>
 * Pure: the window comes in, the clock comes in.
 */
public record ReconnectWindow(Duration window) {

    public static ReconnectWindow ofSeconds(int seconds) {
        return new ReconnectWindow(Duration.ofSeconds(Math.max(0, seconds)));
    }

    /** When the reconnect window of the last stream closes, if the broadcast may still be reconnecting at {@code now}. */
    public Optional<Instant> openUntil(StreamState s, Instant now) {
        if (window.isZero() || s.isLive() || s.lastLiveAt() == null || s.streamId() == null) {
            return Optional.empty();
        }
        Recording r = s.recording();
        if (s.isEndInferred() && (r == null || !r.inProgress())) {
            return Optional.empty();
        }
        if (r != null && r.endedAt() != null && !r.endedAt().isBefore(s.lastLiveAt())) {
            return Optional.empty();
        }
        Instant until = s.lastLiveAt().plus(window);
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public boolean reconnecting(StreamState s, Instant now) {
        return openUntil(s, now).isPresent();
    }
}

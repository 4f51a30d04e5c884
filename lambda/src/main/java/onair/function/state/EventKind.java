package onair.function.state;

import java.util.Arrays;
import java.util.Optional;

/** The IVS state-change events OnAir understands, keyed by their detail-type and name/status. */
public enum EventKind {
    SESSION_CREATED(IvsEvent.STREAM_STATE_CHANGE, "Session Created"),
    SESSION_ENDED(IvsEvent.STREAM_STATE_CHANGE, "Session Ended"),
    STREAM_START(IvsEvent.STREAM_STATE_CHANGE, "Stream Start"),
    STREAM_END(IvsEvent.STREAM_STATE_CHANGE, "Stream End"),
    STREAM_FAILURE(IvsEvent.STREAM_STATE_CHANGE, "Stream Failure"),
    STREAM_TAKEOVER(IvsEvent.STREAM_STATE_CHANGE, "Stream Takeover"),
    STREAM_TAKEOVER_FAILURE(IvsEvent.STREAM_STATE_CHANGE, "Stream Takeover Failure"),
    RECORDING_START(IvsEvent.RECORDING_STATE_CHANGE, "Recording Start"),
    RECORDING_END(IvsEvent.RECORDING_STATE_CHANGE, "Recording End"),
    RECORDING_START_FAILURE(IvsEvent.RECORDING_STATE_CHANGE, "Recording Start Failure"),
    RECORDING_END_FAILURE(IvsEvent.RECORDING_STATE_CHANGE, "Recording End Failure");

    private final String detailType;
    private final String label;

    EventKind(String detailType, String label) {
        this.detailType = detailType;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isRecording() {
        return IvsEvent.RECORDING_STATE_CHANGE.equals(detailType);
    }

    public static Optional<EventKind> of(String detailType, String label) {
        return Arrays.stream(values())
                .filter(k -> k.detailType.equals(detailType) && k.label.equals(label))
                .findFirst();
    }
}

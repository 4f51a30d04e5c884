package onair.function.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.config.OnAirConfig;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns raw EventBridge JSON into an {@link IvsEvent}, or says precisely why not.
 * Never throws: a bad event must be dropped, not retried by Lambda forever.
 */
@Singleton
public class IvsEventParser {

    /** IVS events that are real but say nothing about live/idle or the recording. */
    private static final Set<String> IGNORED_DETAIL_TYPES = Set.of("IVS Stream Health Change", "IVS Limit Breach");

    private final JsonMapper json;
    private final OnAirConfig config;

    public IvsEventParser(JsonMapper json, OnAirConfig config) {
        this.json = json;
        this.config = config;
    }

    public ParsedEvent parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return new ParsedEvent.Rejected("empty event");
        }
        RawEvent raw;
        try {
            raw = json.readValue(body, RawEvent.class);
        } catch (IOException | RuntimeException e) {
            return new ParsedEvent.Rejected("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (raw == null) {
            return new ParsedEvent.Rejected("event is JSON null");
        }
        if (!IvsEvent.SOURCE.equals(raw.source())) {
            return new ParsedEvent.Rejected("foreign source '" + raw.source() + "' (expected aws.ivs)");
        }
        if (raw.detailType() == null) {
            return new ParsedEvent.Rejected("no detail-type");
        }
        if (IGNORED_DETAIL_TYPES.contains(raw.detailType())) {
            return new ParsedEvent.Rejected("'" + raw.detailType() + "' does not change the stream state");
        }
        if (!IvsEvent.STREAM_STATE_CHANGE.equals(raw.detailType())
                && !IvsEvent.RECORDING_STATE_CHANGE.equals(raw.detailType())) {
            return new ParsedEvent.Rejected("unknown detail-type '" + raw.detailType() + "'");
        }
        if (raw.id() == null || raw.id().isBlank()) {
            return new ParsedEvent.Rejected("no event id");
        }
        Optional<String> foreign = foreignChannel(raw.resources());
        if (foreign.isPresent()) {
            return new ParsedEvent.Rejected(foreign.get());
        }
        Instant time;
        try {
            time = Instant.parse(raw.time() == null ? "" : raw.time());
        } catch (DateTimeParseException e) {
            return new ParsedEvent.Rejected("bad or missing time '" + raw.time() + "'");
        }
        RawEvent.Detail d = raw.detail();
        if (d == null) {
            return new ParsedEvent.Rejected("no detail");
        }
        boolean recording = IvsEvent.RECORDING_STATE_CHANGE.equals(raw.detailType());
        String label = recording ? d.recordingStatus() : d.eventName();
        Optional<EventKind> kind = label == null ? Optional.empty() : EventKind.of(raw.detailType(), label);
        if (kind.isEmpty()) {
            return new ParsedEvent.Rejected("unknown " + (recording ? "recording_status" : "event_name")
                    + " '" + label + "'");
        }
        return check(new IvsEvent(raw.id(), kind.get(), time, blankToNull(d.streamId()),
                blankToNull(recording ? d.recordingStatusReason() : d.reason()),
                blankToNull(d.recordingBucket()), blankToNull(d.recordingKeyPrefix()), d.recordingDurationMs(),
                blankToNull(d.recordingSessionId()), d.recordingSessionStreamIds()));
    }

    /** Field requirements per kind: a Stream Start without a stream id cannot be ordered, so it cannot be applied. */
    private ParsedEvent check(IvsEvent e) {
        switch (e.kind()) {
            case STREAM_START, STREAM_END, STREAM_FAILURE, STREAM_TAKEOVER -> {
                if (e.streamId() == null) {
                    return new ParsedEvent.Rejected(e.kind().label() + " without detail.stream_id");
                }
            }
            case RECORDING_START, RECORDING_END, RECORDING_END_FAILURE -> {
                if (e.keyPrefix() == null) {
                    return new ParsedEvent.Rejected(e.kind().label() + " without detail.recording_s3_key_prefix");
                }
            }
            default -> {
                // session events and start failures carry nothing mandatory
            }
        }
        return new ParsedEvent.Accepted(e);
    }

    private Optional<String> foreignChannel(@Nullable List<String> resources) {
        String channel = config.channelArn();
        if (channel == null || channel.isBlank()) {
            return Optional.empty();
        }
        if (resources == null || !resources.contains(channel)) {
            return Optional.of("foreign channel " + resources + " (this function serves " + channel + ")");
        }
        return Optional.empty();
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package onair.function.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import onair.function.config.EventValidationConfig;
import onair.function.config.OnAirConfig;
import onair.function.state.EventKind;
import onair.function.state.IvsEvent;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw EventBridge JSON into an {@link IvsEvent}, or says precisely why not. Never throws: a bad event must be
 * dropped, not retried by Lambda forever.
 *
 * <p>Every field is checked against what IVS can send, because whoever can invoke the function (or write to the
 * failed-events queue) could otherwise pin the site: a Stream Start dated 2999 would keep it live for ever, a key
 * prefix such as {@code \evil.example/x} would send viewers' thumbnail requests to another host. The shapes come
 * from AWS's event reference and samples, "Using Amazon EventBridge with IVS Low-Latency Streaming",
 * https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/eventbridge.html (fixtures: src/test/resources/events,
 * see its README), and from the botocore IVS model (ivs/2020-07-14/service-2.json) where it defines a shape.
 * The JSON is read as a tree and every type is checked: no number is taken for a string or the other way round.
 */
@Singleton
public class IvsEventParser {

    /** EventBridge refuses entries over 256 KB (PutEvents); anything bigger did not come through EventBridge. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    /** IVS events that are real but say nothing about live/idle or the recording. */
    private static final Set<String> IGNORED_DETAIL_TYPES = Set.of("IVS Stream Health Change", "IVS Limit Breach");

    /** EventBridge event ids are UUIDs ("id" in every sample). */
    private static final Pattern EVENT_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** EventBridge's "time": UTC, second precision ("2020-06-23T20:12:36Z" in every sample). */
    private static final Pattern TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

    /** botocore ivs 2020-07-14, shape StreamId: min 26, max 26, pattern {@code st-[a-zA-Z0-9]+}. */
    private static final Pattern STREAM_ID = Pattern.compile("st-[a-zA-Z0-9]{23}");

    /** Recording ids and session ids are short alphanumerics in every sample ("j8Z9O91ndcVs", "a6RfV23ES97iyfoQ"). */
    private static final Pattern RECORDING_ID = Pattern.compile("[a-zA-Z0-9]{1,64}");

    /** Stream Takeover Failure / Session Ended codes are identifiers ("StreamTakeoverInvalidPriority"). */
    private static final Pattern CODE = Pattern.compile("[a-zA-Z0-9_]{1,64}");

    /** botocore ivs, shape ChannelName: max 128 (the samples' "Your Channel" has a space, so no pattern here). */
    private static final int MAX_CHANNEL_NAME = 128;

    /** Failure reasons are short sentences or exception names ("Transcode capacity exceeded. Please try again."). */
    static final int MAX_REASON = 256;

    /**
     * recording_session_stream_ids has one id per reconnect inside one recording, so it is unbounded in principle;
     * a thousand reconnects is far beyond any real broadcast and keeps a forged list from costing memory and time.
     */
    static final int MAX_SESSION_STREAM_IDS = 1000;

    /**
     * recording_duration_ms: a recording lasts as long as its broadcast (plus reconnect windows); the AWS sample has
     * 99,370,264 ms (27.6 h). Seven days is far above any of that and keeps {@code time - duration} a sane date.
     */
    static final long MAX_RECORDING_DURATION_MS = Duration.ofDays(7).toMillis();

    private final JsonMapper json;
    private final OnAirConfig config;
    private final EventValidationConfig limits;
    private final Clock clock;

    public IvsEventParser(JsonMapper json, OnAirConfig config, EventValidationConfig limits, Clock clock) {
        this.json = json;
        this.config = config;
        this.limits = limits;
        this.clock = clock;
    }

    public ParsedEvent parse(@Nullable String body) {
        try {
            return new ParsedEvent.Accepted(read(body));
        } catch (Refused r) {
            return new ParsedEvent.Rejected(r.getMessage());
        } catch (RuntimeException e) {
            // a bug or an input nobody foresaw must still not make Lambda retry the event for ever
            return new ParsedEvent.Rejected("unreadable event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private IvsEvent read(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new Refused("empty event");
        }
        if (body.length() > MAX_EVENT_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            throw new Refused("event of more than " + MAX_EVENT_BYTES + " bytes (EventBridge's limit)");
        }
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new Refused("malformed JSON: " + LogSafe.quote(firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new Refused("event is not a JSON object");
        }
        String source = string(root, "source", false);
        if (!IvsEvent.SOURCE.equals(source)) {
            throw new Refused("foreign source " + LogSafe.quote(source) + " (expected aws.ivs)");
        }
        String detailType = string(root, "detail-type", false);
        if (detailType == null) {
            throw new Refused("no detail-type");
        }
        if (IGNORED_DETAIL_TYPES.contains(detailType)) {
            throw new Refused("'" + detailType + "' does not change the stream state");
        }
        if (!IvsEvent.STREAM_STATE_CHANGE.equals(detailType) && !IvsEvent.RECORDING_STATE_CHANGE.equals(detailType)) {
            throw new Refused("unknown detail-type " + LogSafe.quote(detailType));
        }
        String id = string(root, "id", false);
        if (id == null || id.isEmpty()) {
            throw new Refused("no event id");
        }
        require(EVENT_ID.matcher(id).matches(), "id", id, "is not an EventBridge event id (UUID)");
        String version = string(root, "version", true);
        require(version == null || "0".equals(version), "version", version, "is not \"0\"");

        ChannelIdentity channel = ChannelIdentity.of(config.channelArn()).orElseThrow(() -> new Refused(
                "ONAIR_CHANNEL_ARN is unset or not an IVS channel ARN: cannot tell this channel's events from others"));
        List<String> resources = strings(root, "resources", 1);
        if (resources.size() != 1 || !channel.arn().equals(resources.get(0))) {
            throw new Refused("foreign channel: resources " + quoteAll(resources) + " (this function serves "
                    + channel.arn() + ")");
        }
        String account = string(root, "account", false);
        require(channel.account().equals(account), "account", account, "is not the channel's account "
                + channel.account());
        String region = string(root, "region", false);
        require(channel.region().equals(region), "region", region, "is not the channel's region " + channel.region());

        Instant time = time(root);

        JsonNode d = root.get("detail");
        if (d == null || !d.isObject()) {
            throw new Refused("no detail object");
        }
        boolean recording = IvsEvent.RECORDING_STATE_CHANGE.equals(detailType);
        String labelField = recording ? "recording_status" : "event_name";
        String label = string(d, labelField, false);
        EventKind kind = (label == null ? Optional.<EventKind>empty() : EventKind.of(detailType, label))
                .orElseThrow(() -> new Refused("unknown " + labelField + " " + LogSafe.quote(label)));

        text(d, "channel_name", MAX_CHANNEL_NAME);
        String streamId = string(d, "stream_id", true);
        require(streamId == null || streamId.isEmpty() || STREAM_ID.matcher(streamId).matches(), "detail.stream_id",
                streamId, "is not an IVS stream id (st- and 23 letters or digits)");
        streamId = blankToNull(streamId);
        String code = string(d, "code", true);
        require(code == null || code.isEmpty() || CODE.matcher(code).matches(), "detail.code", code,
                "is not an IVS code");

        return recording ? recordingEvent(id, kind, time, streamId, d, channel)
                : streamEvent(id, kind, time, streamId, d);
    }

    private IvsEvent streamEvent(String id, EventKind kind, Instant time, @Nullable String streamId, JsonNode d) {
        String reason = text(d, "reason", MAX_REASON);
        if (kind != EventKind.SESSION_CREATED && kind != EventKind.SESSION_ENDED
                && kind != EventKind.STREAM_TAKEOVER_FAILURE && streamId == null) {
            // a Start without a stream id cannot be ordered, so it cannot be applied
            throw new Refused(kind.label() + " without detail.stream_id");
        }
        return new IvsEvent(id, kind, time, streamId, blankToNull(reason), null, null, null, null, null);
    }

    private IvsEvent recordingEvent(String id, EventKind kind, Instant time, @Nullable String streamId, JsonNode d,
                                    ChannelIdentity channel) {
        String reason = text(d, "recording_status_reason", MAX_REASON);
        boolean startFailure = kind == EventKind.RECORDING_START_FAILURE;

        String bucket = blankToNull(string(d, "recording_s3_bucket_name", true));
        String ours = blankToNull(limits.recordingsBucket());
        if (ours == null) {
            throw new Refused("ONAIR_RECORDINGS_BUCKET is unset: cannot tell this channel's recordings from others");
        }
        // AWS's Recording Start Failure sample names the bucket too; only a failure may come without one
        if (!(startFailure && bucket == null)) {
            require(ours.equals(bucket), "detail.recording_s3_bucket_name", bucket, "is not the recordings bucket "
                    + ours);
        }

        // AWS's Recording Start Failure sample has "recording_s3_key_prefix": "" (nothing was created)
        String prefix = blankToNull(string(d, "recording_s3_key_prefix", true));
        if (prefix == null && !startFailure) {
            throw new Refused(kind.label() + " without detail.recording_s3_key_prefix");
        }
        if (prefix != null) {
            checkPrefix(prefix, time, channel);
        }

        Long duration = integer(d, "recording_duration_ms");
        require(duration == null || (duration >= 0 && duration <= MAX_RECORDING_DURATION_MS),
                "detail.recording_duration_ms", String.valueOf(duration), "is outside 0.." + MAX_RECORDING_DURATION_MS);

        String sessionId = blankToNull(string(d, "recording_session_id", true));
        require(sessionId == null || RECORDING_ID.matcher(sessionId).matches(), "detail.recording_session_id",
                sessionId, "is not an IVS recording session id");

        List<String> streamIds = d.get("recording_session_stream_ids") == null ? null
                : strings(d, "recording_session_stream_ids", MAX_SESSION_STREAM_IDS);
        if (streamIds != null) {
            for (String s : streamIds) {
                require(STREAM_ID.matcher(s).matches(), "detail.recording_session_stream_ids[]", s,
                        "is not an IVS stream id");
            }
        }
        return new IvsEvent(id, kind, time, streamId, blankToNull(reason), bucket, prefix,
                duration, sessionId, streamIds);
    }

    /**
     * {@code ivs/v1/<account>/<channel id>/<year>/<month>/<day>/<hour>/<minute>/<recording id>}, date parts not
     * zero-padded (AWS's samples and "Auto-Record to Amazon S3",
     * https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html), for this channel and a
     * recording that began no later than the event and no earlier than the longest recording before it. Nothing
     * else: no scheme, host, backslash, dot segment or trailing slash can reach a URL the page loads.
     */
    private void checkPrefix(String prefix, Instant time, ChannelIdentity channel) {
        Pattern shape = Pattern.compile("ivs/v1/" + Pattern.quote(channel.account()) + "/"
                + Pattern.quote(channel.channelId())
                + "/([0-9]{4})/([1-9][0-9]?)/([1-9][0-9]?)/(0|[1-9][0-9]?)/(0|[1-9][0-9]?)/[a-zA-Z0-9]{1,64}");
        Matcher m = shape.matcher(prefix);
        require(m.matches(), "detail.recording_s3_key_prefix", prefix,
                "is not ivs/v1/" + channel.account() + "/" + channel.channelId() + "/<y>/<m>/<d>/<h>/<min>/<id>");
        Instant began;
        try {
            began = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new Refused("detail.recording_s3_key_prefix " + LogSafe.quote(prefix) + " names no real date");
        }
        require(!began.isAfter(time.plusSeconds(60))
                        && !began.isBefore(time.minusMillis(MAX_RECORDING_DURATION_MS).minusSeconds(60)),
                "detail.recording_s3_key_prefix", prefix, "is dated far from the event's time " + time);
    }

    private Instant time(JsonNode root) {
        String raw = string(root, "time", false);
        if (raw == null || !TIME.matcher(raw).matches()) {
            throw new Refused("bad or missing time " + LogSafe.quote(raw));
        }
        Instant time;
        try {
            time = Instant.parse(raw);
        } catch (DateTimeException e) {
            throw new Refused("bad or missing time " + LogSafe.quote(raw));
        }
        Instant now = clock.instant();
        if (time.isAfter(now.plusSeconds(limits.eventMaxFutureSeconds()))) {
            throw new Refused("time " + raw + " is more than " + limits.eventMaxFutureSeconds()
                    + " s after now (" + now + "): IVS dates events when they happen");
        }
        if (time.isBefore(now.minusSeconds(limits.eventMaxAgeSeconds()))) {
            throw new Refused("time " + raw + " is more than " + limits.eventMaxAgeSeconds()
                    + " s before now (" + now + ")");
        }
        return time;
    }

    // ------------------------------------------------------------------ typed access to the tree

    /** A string member, or null when absent (or JSON null, when {@code nullable}); any other type is refused. */
    private static @Nullable String string(JsonNode parent, String field, boolean nullable) {
        JsonNode v = parent.get(field);
        if (v == null || (nullable && v.isNull())) {
            return null;
        }
        if (!v.isString()) {
            throw new Refused(field + " is not a string");
        }
        return v.getStringValue();
    }

    /** A free-text member: a string of at most {@code max} characters, none of them control characters. */
    private static @Nullable String text(JsonNode parent, String field, int max) {
        String s = string(parent, field, true);
        if (s != null) {
            require(s.length() <= max, "detail." + field, s, "is longer than " + max + " characters");
            require(s.codePoints().noneMatch(Character::isISOControl), "detail." + field, s,
                    "contains control characters");
        }
        return s;
    }

    private static @Nullable Long integer(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new Refused("detail." + field + " is not a number");
        }
        Number n = v.getNumberValue();
        BigInteger whole;
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            whole = BigInteger.valueOf(n.longValue());
        } else if (n instanceof BigInteger b) {
            whole = b;
        } else {
            BigDecimal dec = n instanceof BigDecimal b ? b : BigDecimal.valueOf(n.doubleValue());
            try {
                whole = dec.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new Refused("detail." + field + " is not a whole number");
            }
        }
        if (whole.bitLength() > 63) {
            throw new Refused("detail." + field + " is out of range");
        }
        return whole.longValue();
    }

    /** An array of strings with at most {@code max} members; anything else is refused. */
    private static List<String> strings(JsonNode parent, String field, int max) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isArray()) {
            throw new Refused(field + " is not an array");
        }
        if (v.size() > max) {
            throw new Refused(field + " has " + v.size() + " members (at most " + max + ")");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v.values()) {
            if (!e.isString()) {
                throw new Refused(field + " has a member that is not a string");
            }
            out.add(e.getStringValue());
        }
        return out;
    }

    private static void require(boolean ok, String field, @Nullable String value, String problem) {
        if (!ok) {
            throw new Refused(field + " " + LogSafe.quote(value) + " " + problem);
        }
    }

    private static String quoteAll(List<String> values) {
        List<String> shown = values.stream().limit(3).map(LogSafe::quote).toList();
        return shown + (values.size() > 3 ? " and " + (values.size() - 3) + " more" : "");
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

    /** Why an event is refused; carries no stack trace (it is an answer, not an error). */
    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}

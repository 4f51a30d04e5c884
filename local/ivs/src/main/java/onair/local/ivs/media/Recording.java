package onair.local.ivs.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.events.EventSink;
import onair.local.ivs.events.IvsEvent;
import onair.local.ivs.state.Channel;
import onair.local.ivs.state.Ids;
import onair.local.ivs.state.RecordingConfiguration;

/**
 * One IVS recording session: everything under ivs/v1/&lt;account&gt;/&lt;channel&gt;/&lt;y&gt;/&lt;m&gt;/&lt;d&gt;/&lt;h&gt;/&lt;min&gt;/&lt;id&gt;/,
 * in the order and layout of https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html:
 * the Recording Start event as the prefix is created, then events/recording-started.json, thumbnails as they
 * are taken, and only later (RecordingTiming) the HLS files; recording-ended.json and Recording End after the
 * stream ends and the reconnect window passes (recording-failed.json and Recording End Failure when the end
 * cannot be written). Streams reconnecting within the window continue the same playlists after an
 * EXT-X-DISCONTINUITY. Not thread-safe: the Recorder drives every recording from its single thread.
 */
public final class Recording {

    private static final String M3U8 = "application/vnd.apple.mpegurl";
    private static final String JSON = "application/json";

    private final Channel channel;
    private final RecordingConfiguration config;
    private final RecordingTiming timing;
    private final ObjectStore store;
    private final EventSink events;
    private final ObjectMapper mapper;
    private final Supplier<Instant> clock;
    private final String recordingId = Ids.alnum(12);
    private final Instant startedAt;
    private final String prefix;
    private final List<String> streamIds = new ArrayList<>();
    private final Map<String, Rendition> renditions = new LinkedHashMap<>();
    private final Map<String, RecordedRendition> recorded = new LinkedHashMap<>();
    private final Map<String, Long> cursor = new HashMap<>();
    private final Set<String> discontinuity = new HashSet<>();
    private final List<String> uploadedThumbs = new ArrayList<>();
    private Transcoder source;
    private Transcoder lastSource;
    private String currentStreamId;
    private Instant nextFlush;
    private boolean started;
    private boolean startedJsonWritten;
    private boolean masterWritten;
    private boolean closeTail;
    private boolean finished;
    private int thumbnailWidth;
    private int thumbnailHeight;

    public Recording(Channel channel, RecordingConfiguration config, RecordingTiming timing, String account,
            Instant startedAt, ObjectStore store, EventSink events, ObjectMapper mapper, Supplier<Instant> clock) {
        this.channel = channel;
        this.config = config;
        this.timing = timing;
        this.store = store;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
        this.startedAt = startedAt;
        this.nextFlush = startedAt.plus(timing.firstWrite());
        ZonedDateTime t = startedAt.atZone(ZoneOffset.UTC);
        // IVS writes unpadded date parts: ivs/v1/123456789012/AsXego4U6tnj/2020/6/23/20/12/j8Z9O91ndcVs
        this.prefix = "ivs/v1/" + account + "/" + channel.id() + "/" + t.getYear() + "/" + t.getMonthValue() + "/"
                + t.getDayOfMonth() + "/" + t.getHour() + "/" + t.getMinute() + "/" + recordingId;
    }

    public String prefix() {
        return prefix;
    }

    public String bucket() {
        return config.bucketName();
    }

    public int reconnectWindowSeconds() {
        return config.recordingReconnectWindowSeconds();
    }

    public boolean finished() {
        return finished;
    }

    /** A (re)connected stream starts feeding this recording; the first one starts the recording. */
    void attach(Transcoder transcoder, String streamId) {
        if (finished) {
            return;
        }
        source = transcoder;
        lastSource = transcoder;
        currentStreamId = streamId;
        streamIds.add(streamId);
        cursor.clear();
        discontinuity.addAll(recorded.keySet());
        for (Rendition r : transcoder.renditions()) {
            renditions.putIfAbsent(r.name(), r);
            recorded.computeIfAbsent(r.name(), k -> new RecordedRendition());
        }
        if (!started) {
            thumbnailWidth = transcoder.thumbnailWidth();
            thumbnailHeight = transcoder.thumbnailHeight();
            begin();
        }
    }

    /**
     * IVS creates the prefix and sends Recording Start before it writes anything; a bucket it cannot write to is
     * a Recording Start Failure with an empty key prefix and no recording (EventBridge page, "Recording Start
     * Failure": "for example, the S3 bucket does not exist"; reason ValidationException in AWS's sample).
     */
    private void begin() {
        if (!store.bucketExists(bucket())) {
            Map<String, Object> d = detail("Recording Start Failure", "ValidationException", "", 0, false);
            events.publish(new IvsEvent(IvsEvent.RECORDING_STATE, channel.arn(), now(), d));
            finished = true;
            return;
        }
        started = true;
        events.publish(event("Recording Start", "", 0, false));
        writeStartedJson();
    }

    private void writeStartedJson() {
        store.put(bucket(), prefix + "/events/recording-started.json", json(metadata("RECORDING_STARTED", null, null)), JSON);
        startedJsonWritten = true;
    }

    /** The stream ended: take what it left, write it out (IVS: usually within 10 s of the end), stop reading. */
    void detach(Transcoder transcoder) {
        if (source != transcoder || finished) {
            return;
        }
        collect();
        copyThumbnails();
        source = null;
        closeTail = true;
        if (started) {
            flush(false);
        }
    }

    /** Each pass (1 s): new live parts and thumbnails; the HLS files when the timing says so. */
    void poll() {
        if (finished || !started) {
            return;
        }
        if (!startedJsonWritten) {
            writeStartedJson();
        }
        if (source != null) {
            collect();
            copyThumbnails();
        }
        if (!masterWritten && anySegment()) {
            writeMasters(false); // the masters wait for every rendition's first file
        }
        Instant now = clock.get();
        if (!now.isBefore(nextFlush)) {
            flush(false);
            nextFlush = now.plus(timing.playlistInterval());
        }
    }

    private void collect() {
        for (Rendition r : source.renditions()) {
            HlsPlaylist playlist;
            try {
                playlist = HlsPlaylist.read(source.playlist(r));
            } catch (IOException | RuntimeException e) {
                continue; // ffmpeg replaces the file atomically; a failed read is retried next pass
            }
            long last = cursor.getOrDefault(r.name(), -1L);
            for (HlsPlaylist.Segment s : playlist.segments()) {
                if (s.sequence() <= last) {
                    continue;
                }
                String pdt = s.tags().stream().filter(t -> t.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
                        .map(t -> t.substring(t.indexOf(':') + 1)).findFirst().orElse(null);
                boolean cut = discontinuity.remove(r.name());
                recorded.get(r.name()).add(new RecordedRendition.Part(source.playlist(r).resolveSibling(s.uri()),
                        s.duration(), RecordedRendition.normalizeProgramDateTime(pdt), cut, source.metadata()));
                cursor.put(r.name(), s.sequence());
            }
        }
    }

    /** Uploads the media files that are complete (all of them when last), then rewrites the playlists. */
    private void flush(boolean last) {
        boolean all = last || closeTail;
        for (Map.Entry<String, RecordedRendition> e : recorded.entrySet()) {
            RecordedRendition rr = e.getValue();
            Optional<RecordedRendition.Group> g;
            try {
                while ((g = rr.next(timing.segmentSeconds(), all)).isPresent()) {
                    String uri = rr.nextUri();
                    store.put(bucket(), prefix + "/media/hls/" + e.getKey() + "/" + uri, g.get().bytes(), "video/mp2t");
                    rr.committed(g.get(), uri);
                }
            } catch (IOException ex) {
                throw new IllegalStateException("cannot read a live part of " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        closeTail = closeTail && !all;
        if (!anySegment()) {
            return;
        }
        boolean endlist = last || timing.endlistWhileLive();
        for (Map.Entry<String, RecordedRendition> e : recorded.entrySet()) {
            if (e.getValue().segments().isEmpty()) {
                continue; // no empty variant playlists: a rendition appears with its first file
            }
            String dir = prefix + "/media/hls/" + e.getKey() + "/";
            store.put(bucket(), dir + "playlist.m3u8",
                    e.getValue().playlist(endlist, timing.segmentSeconds()).getBytes(StandardCharsets.UTF_8), M3U8);
            store.put(bucket(), dir + "byte-range-variant.m3u8",
                    e.getValue().byteRangePlaylist(endlist, timing.segmentSeconds()).getBytes(StandardCharsets.UTF_8), M3U8);
        }
        if (!masterWritten) {
            writeMasters(last);
        }
    }

    private boolean anySegment() {
        return recorded.values().stream().anyMatch(r -> !r.segments().isEmpty());
    }

    /**
     * master.m3u8 and byte-range-multivariant.m3u8, after the variant playlists they point to: once every
     * rendition has its first file (at the end, with the renditions that have one).
     */
    private void writeMasters(boolean last) {
        if (lastSource == null || !anySegment()) {
            return;
        }
        List<HlsPlaylist.Variant> plain = new ArrayList<>();
        List<HlsPlaylist.Variant> ranged = new ArrayList<>();
        for (Rendition r : lastSource.renditions()) {
            RecordedRendition rr = recorded.get(r.name());
            if (rr == null || rr.segments().isEmpty()) {
                if (last) {
                    continue;
                }
                return; // next pass
            }
            String codecs = lastSource.codecs(r);
            if (codecs == null) {
                return; // no segment of that rendition yet: next pass
            }
            long bandwidth = lastSource.bandwidth(r);
            plain.add(new HlsPlaylist.Variant(r, bandwidth, codecs, r.name() + "/playlist.m3u8"));
            ranged.add(new HlsPlaylist.Variant(r, bandwidth, codecs, r.name() + "/byte-range-variant.m3u8"));
        }
        store.put(bucket(), prefix + "/media/hls/master.m3u8",
                HlsPlaylist.multivariant(plain).getBytes(StandardCharsets.UTF_8), M3U8);
        store.put(bucket(), prefix + "/media/hls/byte-range-multivariant.m3u8",
                HlsPlaylist.multivariant(ranged).getBytes(StandardCharsets.UTF_8), M3U8);
        masterWritten = true;
    }

    /**
     * botocore ThumbnailConfiguration.storage: SEQUENTIAL "records all generated thumbnails in a serial manner,
     * to the media/thumbnails directory" (thumb0.jpg, thumb1.jpg, ...); LATEST "saves the latest thumbnail in
     * media/latest_thumbnail/thumb.jpg and overwrites it at the interval specified by targetIntervalSeconds".
     */
    private void copyThumbnails() {
        if (!config.thumbnailsEnabled() || !source.thumbnailsEnabled()) {
            return;
        }
        List<Path> thumbs;
        try (Stream<Path> files = Files.list(source.thumbnails())) {
            thumbs = files.filter(p -> p.getFileName().toString().matches("thumb\\d+\\.jpg"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList();
        } catch (IOException e) {
            return;
        }
        // the newest file may still be being written by ffmpeg's image2 muxer; take it on a later pass
        for (int i = 0; i < thumbs.size() - 1; i++) {
            Path p = thumbs.get(i);
            String id = currentStreamId + "/" + p.getFileName();
            if (uploadedThumbs.contains(id)) {
                continue;
            }
            if (config.thumbnailStorage().contains("SEQUENTIAL")) {
                store.put(bucket(), prefix + "/media/thumbnails/thumb" + uploadedThumbs.size() + ".jpg", p, "image/jpeg");
            }
            if (config.thumbnailStorage().contains("LATEST")) {
                store.put(bucket(), prefix + "/media/latest_thumbnail/thumb.jpg", p, "image/jpeg");
            }
            uploadedThumbs.add(id);
        }
    }

    private static int number(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(5, n.length() - 4));
    }

    /** After the reconnect window: the last files, closed playlists, recording-ended.json, Recording End. */
    void finish() {
        if (finished) {
            return;
        }
        if (started) {
            if (!startedJsonWritten) {
                writeStartedJson();
            }
            flush(true);
            store.put(bucket(), prefix + "/events/recording-ended.json",
                    json(metadata("RECORDING_ENDED", now(), null)), JSON);
            events.publish(event("Recording End", "", durationMillis(), true));
        }
        finished = true;
    }

    /**
     * The end could not be written (the recorder gave up): IVS's "Recording End Failure" with its reason, and
     * recording-failed.json (RECORDING_ENDED_WITH_FAILURE) if the bucket takes it; "some objects may still be
     * written" (EventBridge page).
     */
    void fail(String reason) {
        if (finished) {
            return;
        }
        finished = true;
        if (!started) {
            return;
        }
        try {
            store.put(bucket(), prefix + "/events/recording-failed.json",
                    json(metadata("RECORDING_ENDED_WITH_FAILURE", now(), reason)), JSON);
        } finally {
            events.publish(event("Recording End Failure", reason, durationMillis(), false));
        }
    }

    long durationMillis() {
        return recorded.values().stream().mapToLong(RecordedRendition::durationMillis).max().orElse(0L);
    }

    private Instant now() {
        return clock.get().truncatedTo(ChronoUnit.SECONDS);
    }

    private IvsEvent event(String status, String reason, long durationMs, boolean end) {
        return new IvsEvent(IvsEvent.RECORDING_STATE, channel.arn(), now(), detail(status, reason, prefix, durationMs, end));
    }

    /** detail of "IVS Recording State Change", field for field as the EventBridge page's samples. */
    private Map<String, Object> detail(String status, String reason, String keyPrefix, long durationMs, boolean end) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channel_name", channel.name());
        d.put("stream_id", currentStreamId != null ? currentStreamId : streamIds.get(streamIds.size() - 1));
        d.put("recording_status", status);
        d.put("recording_status_reason", reason);
        d.put("recording_s3_bucket_name", bucket());
        d.put("recording_s3_key_prefix", keyPrefix);
        d.put("recording_duration_ms", durationMs);
        d.put("recording_session_id", recordingId);
        if (end) {
            d.put("recording_session_stream_ids", List.copyOf(streamIds));
        }
        return d;
    }

    /**
     * events/recording-*.json, field for field as the record-to-S3 page's "JSON Metadata Files" table and
     * samples: renditions transcodes first and the source last (as in AWS's sample), thumbnails only with
     * recordingMode INTERVAL, latest_thumbnail only with storage LATEST, duration_ms and recording_ended_at only
     * at the end, recording_status_message only on failure (AWS's ended sample has none).
     */
    ObjectNode metadata(String status, Instant endedAt, String failure) {
        ObjectNode n = mapper.createObjectNode();
        n.put("version", "v1");
        n.put("channel_arn", channel.arn());
        if (endedAt != null) {
            n.put("recording_ended_at", endedAt.toString());
        }
        n.put("recording_started_at", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        n.put("recording_status", status);
        if (failure != null) {
            n.put("recording_status_message", failure);
        }
        ObjectNode media = n.putObject("media");
        ObjectNode hls = media.putObject("hls");
        if (endedAt != null) {
            hls.put("duration_ms", durationMillis());
        }
        hls.put("path", "media/hls");
        hls.put("playlist", "master.m3u8");
        hls.put("byte_range_playlist", "byte-range-multivariant.m3u8");
        ArrayNode list = hls.putArray("renditions");
        Stream.concat(renditions.values().stream().filter(r -> !r.source()),
                renditions.values().stream().filter(Rendition::source)).forEach(r -> list.addObject()
                        .put("path", r.name())
                        .put("playlist", "playlist.m3u8")
                        .put("byte_range_playlist", "byte-range-variant.m3u8")
                        .put("resolution_height", r.height())
                        .put("resolution_width", r.width()));
        if (config.thumbnailsEnabled() && thumbnailHeight > 0) {
            media.putObject("thumbnails").put("path", "media/thumbnails")
                    .put("resolution_height", thumbnailHeight).put("resolution_width", thumbnailWidth);
            if (config.thumbnailStorage().contains("LATEST")) {
                media.putObject("latest_thumbnail").put("path", "media/latest_thumbnail/thumb.jpg")
                        .put("resolution_height", thumbnailHeight).put("resolution_width", thumbnailWidth);
            }
        }
        return n;
    }

    private byte[] json(ObjectNode n) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package onair.local.ivs.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * One IVS recording session: everything under ivs/v1/&lt;account&gt;/&lt;channel&gt;/&lt;y&gt;/&lt;m&gt;/&lt;d&gt;/&lt;h&gt;/&lt;min&gt;/&lt;id&gt;/.
 * It copies segments from the current stream's transcoder output as they appear, renumbered so that
 * streams reconnecting within the window continue one playlist (with a DISCONTINUITY between them).
 * Not thread-safe: the Recorder drives every recording from its single thread.
 */
public final class Recording {

    private static final String M3U8 = "application/vnd.apple.mpegurl";

    private final Channel channel;
    private final RecordingConfiguration config;
    private final ObjectStore store;
    private final EventSink events;
    private final ObjectMapper mapper;
    private final String recordingId = Ids.alnum(12);
    private final Instant startedAt;
    private final String prefix;
    private final List<String> streamIds = new ArrayList<>();
    private final Map<String, List<HlsPlaylist.Segment>> recorded = new LinkedHashMap<>();
    private final Map<String, Long> cursor = new HashMap<>();
    private final Map<String, Boolean> discontinuity = new HashMap<>();
    private final List<String> uploadedThumbs = new ArrayList<>();
    private Transcoder source;
    private List<Rendition> renditions = List.of();
    private String currentStreamId;
    private boolean started;
    private boolean finished;
    private int targetDuration = Transcoder.SEGMENT_SECONDS;

    public Recording(Channel channel, RecordingConfiguration config, String account, Instant startedAt,
            ObjectStore store, EventSink events, ObjectMapper mapper) {
        this.channel = channel;
        this.config = config;
        this.store = store;
        this.events = events;
        this.mapper = mapper;
        this.startedAt = startedAt;
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

    /** A (re)connected stream starts feeding this recording. */
    void attach(Transcoder transcoder, String streamId) {
        source = transcoder;
        renditions = transcoder.renditions();
        currentStreamId = streamId;
        streamIds.add(streamId);
        cursor.clear();
        recorded.keySet().forEach(r -> discontinuity.put(r, true));
    }

    /** The stream ended: copy what is left, stop reading from it. */
    void detach(Transcoder transcoder) {
        if (source != transcoder) {
            return;
        }
        poll();
        source = null;
    }

    /** Copies new segments, playlists and thumbnails; an upload failure leaves the item for the next pass. */
    void poll() {
        if (source == null || finished) {
            return;
        }
        boolean changed = false;
        for (Rendition r : source.renditions()) {
            changed |= copySegments(r);
        }
        if (!started && recorded.values().stream().anyMatch(l -> !l.isEmpty())) {
            start();
        }
        if (changed) {
            for (Rendition r : source.renditions()) {
                uploadPlaylist(r.name(), false);
            }
        }
        if (started) {
            copyThumbnails();
        }
    }

    private boolean copySegments(Rendition r) {
        HlsPlaylist playlist;
        try {
            playlist = HlsPlaylist.read(source.playlist(r));
        } catch (IOException | RuntimeException e) {
            return false; // ffmpeg replaces the file atomically; a failed read is retried next pass
        }
        targetDuration = Math.max(targetDuration, playlist.targetDuration());
        List<HlsPlaylist.Segment> out = recorded.computeIfAbsent(r.name(), k -> new ArrayList<>());
        long last = cursor.getOrDefault(r.name(), -1L);
        boolean changed = false;
        for (HlsPlaylist.Segment s : playlist.segments()) {
            if (s.sequence() <= last) {
                continue;
            }
            Path file = source.playlist(r).resolveSibling(s.uri());
            String name = out.size() + ".ts";
            store.put(bucket(), prefix + "/media/hls/" + r.name() + "/" + name, file, "video/mp2t");
            List<String> tags = new ArrayList<>();
            if (Boolean.TRUE.equals(discontinuity.remove(r.name()))) {
                tags.add("#EXT-X-DISCONTINUITY");
            }
            s.tags().stream().filter(t -> !t.equals("#EXT-X-DISCONTINUITY")).forEach(tags::add);
            out.add(new HlsPlaylist.Segment(out.size(), name, s.duration(), List.copyOf(tags)));
            cursor.put(r.name(), s.sequence());
            changed = true;
        }
        return changed;
    }

    private void start() {
        String master = HlsPlaylist.multivariant(source.renditions(), source.audio(), r -> r.name() + "/playlist.m3u8");
        store.put(bucket(), prefix + "/media/hls/master.m3u8", master.getBytes(StandardCharsets.UTF_8), M3U8);
        store.put(bucket(), prefix + "/events/recording-started.json", json(metadata("RECORDING_STARTED", null)),
                "application/json");
        started = true;
        events.publish(event("Recording Start", 0, false));
    }

    private void uploadPlaylist(String rendition, boolean ended) {
        String text = HlsPlaylist.render(targetDuration, recorded.getOrDefault(rendition, List.of()), false, ended);
        store.put(bucket(), prefix + "/media/hls/" + rendition + "/playlist.m3u8",
                text.getBytes(StandardCharsets.UTF_8), M3U8);
    }

    private void copyThumbnails() {
        if (!config.thumbnailsEnabled()) {
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
                store.put(bucket(), prefix + "/media/thumbnails/latest/thumb.jpg", p, "image/jpeg");
            }
            uploadedThumbs.add(id);
        }
    }

    private static int number(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(5, n.length() - 4));
    }

    /** After the reconnect window: close the playlists, write recording-ended.json, send Recording End. */
    void finish() {
        if (finished) {
            return;
        }
        if (started) {
            recorded.keySet().forEach(r -> uploadPlaylist(r, true));
            store.put(bucket(), prefix + "/events/recording-ended.json", json(metadata("RECORDING_ENDED", Instant.now())),
                    "application/json");
            events.publish(event("Recording End", durationMillis(), true));
        }
        finished = true;
    }

    long durationMillis() {
        return recorded.values().stream().findFirst()
                .map(l -> Math.round(l.stream().mapToDouble(HlsPlaylist.Segment::duration).sum() * 1000))
                .orElse(0L);
    }

    private IvsEvent event(String status, long durationMs, boolean end) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channel_name", channel.name());
        d.put("stream_id", currentStreamId != null ? currentStreamId : streamIds.get(streamIds.size() - 1));
        d.put("recording_status", status);
        d.put("recording_status_reason", "");
        d.put("recording_s3_bucket_name", bucket());
        d.put("recording_s3_key_prefix", prefix);
        d.put("recording_duration_ms", durationMs);
        d.put("recording_session_id", recordingId);
        if (end) {
            d.put("recording_session_stream_ids", List.copyOf(streamIds));
        }
        return new IvsEvent(IvsEvent.RECORDING_STATE, channel.arn(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), d);
    }

    private ObjectNode metadata(String status, Instant endedAt) {
        ObjectNode n = mapper.createObjectNode();
        n.put("version", "v1");
        n.put("channel_arn", channel.arn());
        n.put("recording_started_at", startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (endedAt != null) {
            n.put("recording_ended_at", endedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        n.put("recording_status", status);
        n.put("recording_status_message", "");
        ObjectNode hls = n.putObject("media").putObject("hls");
        if (endedAt != null) {
            hls.put("duration_ms", durationMillis());
        }
        hls.put("path", "media/hls");
        hls.put("playlist", "master.m3u8");
        ArrayNode renditionArray = hls.putArray("renditions");
        List<Rendition> list = renditions;
        for (Rendition r : list) {
            renditionArray.addObject().put("path", r.name()).put("playlist", "playlist.m3u8")
                    .put("resolution_width", r.width()).put("resolution_height", r.height());
        }
        if (config.thumbnailsEnabled()) {
            ObjectNode thumbs = ((ObjectNode) n.get("media")).putObject("thumbnails");
            thumbs.put("path", "media/thumbnails");
            if (!list.isEmpty()) {
                thumbs.put("resolution_height", Math.min(360, list.get(0).height()));
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

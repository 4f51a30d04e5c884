package onair.local.ivs.media;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import onair.local.ivs.api.LiveChannels;
import onair.local.ivs.events.EventSink;
import onair.local.ivs.events.IvsEvent;
import onair.local.ivs.state.Channel;
import onair.local.ivs.state.Ids;
import onair.local.ivs.state.RecordingConfiguration;
import onair.local.ivs.state.StateStore;

/**
 * The live side of every channel: the ingest's publish/done callbacks start and end streams, each stream gets
 * a transcoder, recording channels a recording that outlives a stream by the reconnect window.
 */
public final class Broadcasts implements LiveChannels, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Broadcasts.class.getName());

    /** A live stream and what serves it. */
    public record Broadcast(Channel channel, String streamKey, String streamId, Instant startTime, Transcoder transcoder) {
    }

    /**
     * A recording waiting for its stream to come back (IVS's recordingReconnectWindowSeconds); mediaEnded
     * completes once the ended stream's last segments are copied. IVS: "If a broadcast disconnects and then
     * reconnects within the specified interval, the multiple streams will be considered a single broadcast and
     * merged together" (botocore IVS model, CreateRecordingConfigurationRequest.recordingReconnectWindowSeconds;
     * "merge fragmented streams", https://aws.amazon.com/blogs/media/optimizing-amazon-ivs-live-to-vod-with-live-input-interruptions/):
     * one S3 prefix, one Recording Start, one Recording End after the window (its recording_session_stream_ids list
     * every stream), while each reconnect is a stream of its own with its own Stream Start / Stream End (IVS
     * "starts the channel again" with a new stream id; the same playback URL).
     */
    private record Pending(Recording recording, CompletableFuture<Void> mediaEnded, ScheduledFuture<?> end) {
    }

    private final StateStore store;
    private final EventSink events;
    private final Recorder recorder;
    private final ObjectStore objects;
    private final ObjectMapper mapper;
    private final String account;
    private final List<Rendition> renditions;
    private final RecordingTiming timing;
    private final String ffmpeg;
    private final Path liveDir;
    private final String rtmpBase;
    private final Predicate<String> dropPublisher;
    private final Map<String, Broadcast> live = new LinkedHashMap<>();
    /** GetStream's viewerCount: distinct clients of each live stream's playlists (see ViewerCount). */
    private final ViewerCount viewers = new ViewerCount(java.time.Clock.systemUTC());
    private final Map<String, Recording> recordings = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Recordings resumed by a publish within the window, until the new stream's media attaches. */
    private final Map<String, Pending> resuming = new LinkedHashMap<>();
    /** Timers only (start delay, reconnect windows); the slow work runs on the workers. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ivs-timers");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ivs-media");
        t.setDaemon(true);
        return t;
    });

    public Broadcasts(StateStore store, EventSink events, Recorder recorder, ObjectStore objects, ObjectMapper mapper,
            String account, List<Rendition> renditions, RecordingTiming timing, String ffmpeg, Path liveDir,
            String rtmpBase, Predicate<String> dropPublisher) {
        this.store = store;
        this.events = events;
        this.recorder = recorder;
        this.objects = objects;
        this.mapper = mapper;
        this.account = account;
        this.renditions = renditions;
        this.timing = timing;
        this.ffmpeg = ffmpeg;
        this.liveDir = liveDir;
        this.rtmpBase = rtmpBase;
        this.dropPublisher = dropPublisher;
    }

    /** on_publish: true only for the current key of an existing channel that is not already live. */
    public synchronized boolean publish(String key) {
        Optional<Channel> found = key == null ? Optional.empty() : store.channelByKeyValue(key);
        if (found.isEmpty()) {
            LOG.warning("ingest refused: unknown stream key");
            return false;
        }
        Channel channel = found.get();
        if (live.containsKey(channel.arn())) {
            LOG.warning("ingest refused: channel " + channel.id() + " already has a live stream");
            return false;
        }
        String streamId = Ids.streamId();
        Instant now = Instant.now();
        // thumbnails only where a recording configuration asks for them (recordingMode INTERVAL)
        Transcoder.ThumbnailSpec thumbs = recordingConfiguration(channel).filter(RecordingConfiguration::thumbnailsEnabled)
                .map(c -> new Transcoder.ThumbnailSpec(c.thumbnailTargetIntervalSeconds(), c.thumbnailResolution()))
                .orElse(null);
        Transcoder transcoder = new Transcoder(ffmpeg, renditions, liveDir.resolve(channel.id()).resolve(streamId),
                rtmpBase + key, thumbs);
        Broadcast b = new Broadcast(channel, key, streamId, now, transcoder);
        live.put(channel.arn(), b);
        // the reconnect window is judged at publish time, like IVS, not when our transcoder gets going
        Pending waiting = pending.remove(channel.arn());
        if (waiting != null && waiting.end().cancel(false)) {
            resuming.put(channel.arn(), waiting);
        }
        stateEvent(b, "Session Created");
        stateEvent(b, "Stream Start");
        // nginx only starts the stream after this callback answers: start the reader shortly after
        timers.schedule(() -> workers.execute(() -> startMedia(b)), 300, TimeUnit.MILLISECONDS);
        return true;
    }

    private Optional<RecordingConfiguration> recordingConfiguration(Channel c) {
        return c.recordingConfigurationArn().isEmpty() ? Optional.empty()
                : store.recordingConfiguration(c.recordingConfigurationArn());
    }

    private void startMedia(Broadcast b) {
        try {
            b.transcoder().start();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot start the transcoder for " + b.streamId(), e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Recording recording = recordingFor(b);
        if (recording != null) {
            recorder.attach(recording, b.transcoder(), b.streamId());
        }
    }

    private Recording recordingFor(Broadcast b) {
        Pending resumed;
        synchronized (this) {
            if (live.get(b.channel().arn()) != b) {
                return null; // ended before its media started
            }
            resumed = resuming.remove(b.channel().arn());
            if (resumed == null) {
                Optional<RecordingConfiguration> config = recordingConfiguration(b.channel());
                if (config.isEmpty()) {
                    return null;
                }
                Recording r = new Recording(b.channel(), config.get(), timing, account, b.startTime(), objects, events,
                        mapper, Instant::now);
                recordings.put(b.channel().arn(), r);
                return r;
            }
            recordings.put(b.channel().arn(), resumed.recording());
        }
        // reconnected within the window: the same recording continues, like IVS, after the last stream's tail
        resumed.mediaEnded().join();
        return resumed.recording();
    }

    /** on_publish_done. */
    public void done(String key) {
        Broadcast b;
        Recording recording;
        synchronized (this) {
            b = live.values().stream().filter(x -> x.streamKey().equals(key)).findFirst().orElse(null);
            if (b == null) {
                return;
            }
            live.remove(b.channel().arn());
            viewers.forget(b.streamId());
            Pending unattached = resuming.remove(b.channel().arn());
            recording = unattached != null ? unattached.recording() : recordings.remove(b.channel().arn());
            stateEvent(b, "Stream End");
            stateEvent(b, "Session Ended");
            Broadcast ended = b;
            CompletableFuture<Void> mediaEnded = CompletableFuture.runAsync(() -> endMedia(ended, recording), workers);
            if (unattached != null) {
                // the resumed recording's previous stream may still be flushing: wait for both
                mediaEnded = CompletableFuture.allOf(mediaEnded, unattached.mediaEnded());
            }
            if (recording != null) {
                CompletableFuture<Void> flushed = mediaEnded;
                ScheduledFuture<?> end = timers.schedule(() -> workers.execute(
                        () -> endRecording(ended.channel().arn(), recording, flushed)),
                        recording.reconnectWindowSeconds(), TimeUnit.SECONDS);
                pending.put(b.channel().arn(), new Pending(recording, mediaEnded, end));
            }
        }
    }

    private void endMedia(Broadcast b, Recording recording) {
        b.transcoder().stop(5000);
        if (recording != null) {
            recorder.detach(recording, b.transcoder());
        }
    }

    private void endRecording(String channelArn, Recording recording, CompletableFuture<Void> mediaEnded) {
        mediaEnded.join();
        synchronized (this) {
            Pending p = pending.get(channelArn);
            if (p != null && p.recording() == recording) {
                pending.remove(channelArn);
            }
        }
        recorder.finish(recording);
    }

    private void stateEvent(Broadcast b, String name) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event_name", name);
        detail.put("channel_name", b.channel().name());
        detail.put("stream_id", b.streamId());
        events.publish(new IvsEvent(IvsEvent.STREAM_STATE, b.channel().arn(), Instant.now().truncatedTo(ChronoUnit.SECONDS), detail));
    }

    public synchronized Optional<Broadcast> broadcast(String channelId) {
        return live.values().stream().filter(b -> b.channel().id().equals(channelId)).findFirst();
    }

    public synchronized List<Broadcast> broadcasts() {
        return List.copyOf(live.values());
    }

    @Override
    public synchronized Optional<LiveStream> stream(String channelArn) {
        return Optional.ofNullable(live.get(channelArn)).map(this::view);
    }

    @Override
    public synchronized List<LiveStream> streams() {
        return live.values().stream().map(this::view).toList();
    }

    /** The live playback origin reports each playlist fetch here. */
    public ViewerCount viewers() {
        return viewers;
    }

    private LiveStream view(Broadcast b) {
        // health follows the transcoder once it has had time to start
        boolean starting = b.startTime().isAfter(Instant.now().minusSeconds(10));
        String health = starting || b.transcoder().running() ? "HEALTHY" : "STARVING";
        return new LiveStream(b.channel().arn(), b.streamId(), b.startTime(), health, viewers.count(b.streamId()));
    }

    @Override
    public boolean stop(String channelArn) {
        Optional<Broadcast> b = Optional.ofNullable(snapshot(channelArn));
        return b.isPresent() && dropPublisher.test(b.get().streamKey());
    }

    @Override
    public boolean putMetadata(String channelArn, Instant at, String metadata) {
        Broadcast b = snapshot(channelArn);
        if (b == null) {
            return false;
        }
        b.transcoder().putMetadata(at, metadata);
        return true;
    }

    private synchronized Broadcast snapshot(String channelArn) {
        return live.get(channelArn);
    }

    /** Shutdown: end every stream and close every recording now, as IVS would after the window. */
    @Override
    public void close() {
        for (Broadcast b : broadcasts()) {
            done(b.streamKey());
        }
        List<Pending> open;
        synchronized (this) {
            open = List.copyOf(pending.values());
            open.forEach(p -> p.end().cancel(false));
            pending.clear();
            resuming.clear();
        }
        timers.shutdownNow();
        for (Pending p : open) {
            p.mediaEnded().join();
            recorder.finish(p.recording());
        }
        workers.shutdown();
        try {
            workers.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

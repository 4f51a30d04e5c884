package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.channel.ChannelInfo;
import onair.function.channel.ChannelInfoCache;
import onair.function.config.OnAirConfig;
import onair.function.state.ReconnectWindow;
import onair.function.state.Recording;
import onair.function.state.StreamState;

import java.time.Clock;

/**
 * Maps the stored document to the public contract. The thumbnail is the newest one IVS has written (an existing,
 * never rewritten key the CDN may cache long), found by {@link ThumbnailCache}; null until IVS wrote one.
 * "reconnecting" is judged here, at read time, from the stored end time and the reconnect window
 * ({@link ReconnectWindow}): nothing has to run when the window closes.
 */
@Singleton
public class StatusViews {

    /** The rewind source of one recording, built once per recording instance the cached state holds. */
    private record RecordingDvr(Recording recording, StatusView.Dvr dvr) {
    }

    private final OnAirConfig config;
    private final ThumbnailCache thumbnails;
    private final ChannelInfoCache channel;
    private final StreamWatch watch;
    private final Clock clock;
    private final ReconnectWindow window;
    private volatile RecordingDvr lastDvr;

    public StatusViews(OnAirConfig config, ThumbnailCache thumbnails, ChannelInfoCache channel, StreamWatch watch,
                       Clock clock) {
        this.config = config;
        this.thumbnails = thumbnails;
        this.channel = channel;
        this.watch = watch;
        this.clock = clock;
        this.window = ReconnectWindow.ofSeconds(config.recordingReconnectWindowSeconds());
    }

    public StatusView of(StreamState s, boolean stale) {
        Recording r = s.recording();
        ChannelInfo c = channel.current();
        if (s.isLive()) {
            // A recording that ended before this stream began belongs to an earlier stream: nothing to rewind into.
            boolean current = r != null && (r.inProgress() || s.since() == null || !r.endedAt().isBefore(s.since()));
            return new StatusView(StreamState.LIVE, s.since(), s.streamId(), config.playbackUrl(), null,
                    s.failureReason(), current ? dvr(r) : null, current ? thumbnails.newest(r) : null, stale,
                    s.updatedAt(), watch.viewerCount(s.streamId()), c.title(), c.description(), c.nextStreamAt());
        }
        if (window.reconnecting(s, clock.instant())) {
            // The recording goes on after a reconnect (same prefix): rewind keeps working while it is written.
            boolean open = r != null && r.inProgress();
            return new StatusView(StatusView.RECONNECTING, s.since(), s.streamId(), null, s.lastLiveAt(),
                    s.failureReason(), open ? dvr(r) : null, thumbnails.newest(r), stale, s.updatedAt(), null,
                    c.title(), c.description(), c.nextStreamAt());
        }
        return new StatusView(StreamState.IDLE, s.since(), s.streamId(), null, s.lastLiveAt(), s.failureReason(),
                null, thumbnails.newest(r), stale, s.updatedAt(), null, c.title(), c.description(), c.nextStreamAt());
    }

    /**
     * Same recording instance (the state document's copy, unchanged until the next SSM read or reconcile), same Dvr;
     * a new or ended recording is a new instance, so it gets its own.
     */
    private StatusView.Dvr dvr(Recording r) {
        RecordingDvr last = lastDvr;
        if (last != null && last.recording() == r) {
            return last.dvr();
        }
        StatusView.Dvr dvr = new StatusView.Dvr(r.sitePath() + "/media/hls/master.m3u8", r.startedAt(), config.dvrWindowSeconds(),
                r.inProgress(), r.sitePath() + Recording.CHAPTERS);
        lastDvr = new RecordingDvr(r, dvr);
        return dvr;
    }
}

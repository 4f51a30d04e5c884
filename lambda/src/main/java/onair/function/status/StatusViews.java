package onair.function.status;

import io.micronaut.core.annotation.Nullable;
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

    /** The last view made and the parts it was made from ({@link #view}). */
    private record Made(StreamState state, boolean stale, ChannelInfo channel, String status,
                        @Nullable StatusView.Dvr dvr, @Nullable String thumbnail, @Nullable Long viewers,
                        StatusView view) {
    }

    private final OnAirConfig config;
    private final ThumbnailCache thumbnails;
    private final ChannelInfoCache channel;
    private final StreamWatch watch;
    private final Clock clock;
    private final ReconnectWindow window;
    private volatile RecordingDvr lastDvr;
    private volatile Made lastView;

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
            return view(s, stale, c, StreamState.LIVE, current ? dvr(r) : null, current ? thumbnails.newest(r) : null,
                    watch.viewerCount(s.streamId()));
        }
        if (window.reconnecting(s, clock.instant())) {
            // The recording goes on after a reconnect (same prefix): rewind keeps working while it is written.
            boolean open = r != null && r.inProgress();
            return view(s, stale, c, StatusView.RECONNECTING, open ? dvr(r) : null, thumbnails.newest(r), null);
        }
        return view(s, stale, c, StreamState.IDLE, null, thumbnails.newest(r), null);
    }

    /**
     * The view of these parts; the last one again when every part is the very object it was made from (the same
     * state copy and the caches' same answers: the usual request, which then makes no garbage). Any other object,
     * even an equal one, makes a new view, which {@link StatusAnswers} compares by value.
     */
    private StatusView view(StreamState s, boolean stale, ChannelInfo c, String status, @Nullable StatusView.Dvr dvr,
                            @Nullable String thumbnail, @Nullable Long viewers) {
        Made m = lastView;
        if (m != null && m.state() == s && m.stale() == stale && m.channel() == c && m.status() == status
                && m.dvr() == dvr && m.thumbnail() == thumbnail && m.viewers() == viewers) {
            return m.view();
        }
        boolean live = StreamState.LIVE.equals(status);
        StatusView v = new StatusView(status, s.since(), s.streamId(), live ? config.playbackUrl() : null,
                live ? null : s.lastLiveAt(), s.failureReason(), dvr, thumbnail, stale, s.updatedAt(), viewers,
                c.title(), c.description(), c.nextStreamAt());
        lastView = new Made(s, stale, c, status, dvr, thumbnail, viewers, v);
        return v;
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
        StatusView.Dvr dvr = new StatusView.Dvr(r.sitePath() + "/media/hls/master.m3u8", r.startedAt(),
                config.dvrWindowSeconds(), r.inProgress(), r.sitePath() + Recording.CHAPTERS);
        lastDvr = new RecordingDvr(r, dvr);
        return dvr;
    }
}

package onair.function.status;

import jakarta.inject.Singleton;
import onair.function.channel.ChannelInfo;
import onair.function.channel.ChannelInfoCache;
import onair.function.config.OnAirConfig;
import onair.function.state.Recording;
import onair.function.state.StreamState;

/**
 * Maps the stored document to the public contract. The thumbnail is the newest one IVS has written (an existing,
 * never rewritten key the CDN may cache long), found by {@link ThumbnailCache}; null until IVS wrote one.
 */
@Singleton
public class StatusViews {

    private final OnAirConfig config;
    private final ThumbnailCache thumbnails;
    private final ChannelInfoCache channel;

    public StatusViews(OnAirConfig config, ThumbnailCache thumbnails, ChannelInfoCache channel) {
        this.config = config;
        this.thumbnails = thumbnails;
        this.channel = channel;
    }

    public StatusView of(StreamState s, boolean stale) {
        Recording r = s.recording();
        ChannelInfo c = channel.current();
        if (s.isLive()) {
            // A recording that ended before this stream began belongs to an earlier stream: nothing to rewind into.
            boolean current = r != null && (r.inProgress() || s.since() == null || !r.endedAt().isBefore(s.since()));
            StatusView.Dvr dvr = current
                    ? new StatusView.Dvr(r.sitePath() + "/media/hls/master.m3u8", r.startedAt(),
                    config.dvrWindowSeconds(), r.inProgress())
                    : null;
            return new StatusView(StreamState.LIVE, s.since(), s.streamId(), config.playbackUrl(), null,
                    s.failureReason(), dvr, current ? thumbnails.newest(r) : null, stale, s.updatedAt(),
                    c.title(), c.description(), c.nextStreamAt());
        }
        return new StatusView(StreamState.IDLE, s.since(), s.streamId(), null, s.lastLiveAt(), s.failureReason(),
                null, thumbnails.newest(r), stale, s.updatedAt(), c.title(), c.description(), c.nextStreamAt());
    }
}

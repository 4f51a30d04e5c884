package onair.local.ivs.media;

import java.time.Duration;

/**
 * When the recorded HLS appears in S3. AWS documents only that "after a live stream starts and the Recording
 * Start EventBridge event is emitted, it takes a little time before the manifest files and video segments are
 * written" and speaks of "the standard 10-second media file size"
 * (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/record-to-s3.html). AWS's DVR demo finds the
 * recording playable "about 50 seconds since you started broadcasting" (aws-samples/amazon-ivs-dvr-web-demo
 * README) and expects the recorded playlist to be rewritten every 30 s (its modifyRenditionPlaylist.ts:
 * PLAYLIST_UPDATE_DELAY = 30000), stripping #EXT-X-ENDLIST from a playlist written in the last 32 s, which
 * reads as IVS closing every rewrite with ENDLIST while live (unconfirmed: endlistWhileLive is a switch).
 *
 * @param firstWrite       from the stream's start to the first playlist write (default 50 s)
 * @param playlistInterval between playlist rewrites while live (default 30 s)
 * @param segmentSeconds   recorded media file length (default 10 s; made of the 2 s live parts)
 * @param endlistWhileLive whether each rewrite while live ends with #EXT-X-ENDLIST (default true)
 */
public record RecordingTiming(Duration firstWrite, Duration playlistInterval, int segmentSeconds, boolean endlistWhileLive) {

    public static final RecordingTiming IVS = new RecordingTiming(Duration.ofSeconds(50), Duration.ofSeconds(30), 10, true);

    public RecordingTiming {
        if (firstWrite.isNegative() || playlistInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the first write must be >= 0 s and the playlist interval >= 1 s");
        }
        if (segmentSeconds < Transcoder.SEGMENT_SECONDS || segmentSeconds > 60) {
            throw new IllegalArgumentException("recorded segments must be " + Transcoder.SEGMENT_SECONDS + "-60 s");
        }
    }
}

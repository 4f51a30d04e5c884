package onair.function.events;

import jakarta.inject.Singleton;
import onair.function.aws.RecordingIndexStore;
import onair.function.channel.ChannelTitle;
import onair.function.aws.ThumbnailLister;
import onair.function.recordings.RecordingIndex;
import onair.function.recordings.RecordingIndexRules;
import onair.function.recordings.RecordingsConfig;
import io.micronaut.core.annotation.Nullable;
import onair.function.state.EventKind;
import onair.function.state.IvsEvent;
import onair.function.state.Recording;
import onair.function.state.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * A recording's end makes it a replay: Recording End adds it to the index (playable), Recording End Failure marks it
 * failed (never listed). Runs for every such event the parser accepted, whatever the state machine decided (the
 * state keeps only the newest recording; the index keeps them all), and is itself idempotent, so a retried batch or a
 * duplicate event writes nothing new. S3 failures propagate: the event stays on the queue and is retried.
 */
@Singleton
public class RecordingIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingIndexer.class);

    private final RecordingIndexStore store;
    private final RecordingIndexRules rules;
    private final ThumbnailLister thumbnails;
    private final ChannelTitle title;
    private final RecordingsConfig config;
    private final Clock clock;

    public RecordingIndexer(RecordingIndexStore store, RecordingIndexRules rules, ThumbnailLister thumbnails,
                            ChannelTitle title, RecordingsConfig config, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.thumbnails = thumbnails;
        this.title = title;
        this.config = config;
        this.clock = clock;
    }

    public boolean handles(IvsEvent e) {
        return e.kind() == EventKind.RECORDING_END || e.kind() == EventKind.RECORDING_END_FAILURE;
    }

    /**
     * @param current the state document before this event (it knows when the recording started), or null
     * @return what happened, for the log
     */
    public String index(IvsEvent e, @Nullable StreamState current) {
        if (!config.configured()) {
            return "no recordings bucket configured: not indexed";
        }
        RecordingIndex.Entry entry = entry(e, current);
        RecordingIndexRules.Change change = rules.apply(store.read(), entry, config.recordingRetentionDays(),
                clock.instant());
        if (change.changed()) {
            store.write(change.index());
        }
        LOG.info("recordings index: {}", change.reason());
        return change.reason();
    }

    private RecordingIndex.Entry entry(IvsEvent e, @Nullable StreamState current) {
        String prefix = trim(e.keyPrefix());
        String id = prefix.substring(prefix.lastIndexOf('/') + 1);
        long durationMs = e.durationMs() == null ? 0 : Math.max(0, e.durationMs());
        Instant startedAt = startedAt(e, prefix, durationMs, current);
        if (e.kind() == EventKind.RECORDING_END_FAILURE) {
            return new RecordingIndex.Entry(id, prefix, RecordingIndex.Entry.FAILED, startedAt, e.time(), durationMs,
                    null, null);
        }
        String bucket = e.bucket() != null ? e.bucket() : config.recordingsBucket();
        String thumb = thumbnails.newest(bucket, prefix).orElse(null);
        return new RecordingIndex.Entry(id, prefix, RecordingIndex.Entry.ENDED, startedAt, e.time(), durationMs,
                thumb, title.current());
    }

    /**
     * When the recording began: the time of its Recording Start, which the state document keeps for the recording it
     * knows. End time minus recording_duration_ms only when that is lost (another recording replaced it): IVS sends
     * Recording End after the reconnect window ("recordingReconnectWindowSeconds", 60 s in OnAir) and the duration
     * counts recorded media only, so that difference is late by the window and by any reconnect gap.
     */
    private static Instant startedAt(IvsEvent e, String prefix, long durationMs, @Nullable StreamState current) {
        Recording known = current == null ? null : current.recording();
        if (known != null && known.startedAt() != null && prefix.equals(trim(known.keyPrefix()))
                && !known.startedAt().isAfter(e.time())) {
            return known.startedAt();
        }
        return e.time().minusMillis(durationMs);
    }

    private static String trim(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

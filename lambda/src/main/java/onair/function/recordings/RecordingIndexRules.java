package onair.function.recordings;

import jakarta.inject.Singleton;
import onair.function.recordings.RecordingIndex.Entry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a recording's end changes the index. Pure (no I/O), so every rule is unit-tested.
 *
 * <p>IVS events come late, twice or out of order (best-effort delivery), so the merge of two facts about one recording
 * does not depend on which arrived first: the result is the same for any order and any number of repeats.
 * <ol>
 *   <li>a failure is final: once a Recording End Failure (or recording-failed.json) is known, the recording is never
 *       listed as playable, whatever End arrives later or arrived earlier;</li>
 *   <li>of two successful ends, the later one (by its own event time) wins; an equal or older one changes nothing;</li>
 *   <li>a recording already past the bucket's retention ({@link Retention}) is not added, and expired entries are
 *       dropped at every write (and filtered out on every read).</li>
 * </ol>
 */
@Singleton
public class RecordingIndexRules {

    /** Keeps the object small to read on every cache miss: far more than a retention's worth of broadcasts. */
    public static final int MAX_ENTRIES = 5000;

    /** Newest first: start time, then id (a stable order for the cursor). */
    public static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::startedAt)
            .thenComparing(Entry::id).reversed();

    /** The result of one merge. */
    public record Change(RecordingIndex index, boolean changed, String reason) {
    }

    public Change apply(RecordingIndex current, Entry incoming, int retentionDays, Instant now) {
        if (Retention.expired(incoming.startedAt(), retentionDays, now)) {
            return new Change(current, false, "recording " + incoming.id() + " is already past the "
                    + retentionDays + "-day retention");
        }
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry e : current.entries()) {
            byId.put(e.id(), e);
        }
        Entry before = byId.get(incoming.id());
        Entry after = merge(before, incoming);
        byId.put(incoming.id(), after);
        List<Entry> next = kept(byId.values(), retentionDays, now);
        boolean changed = !next.equals(current.entries());
        String reason = Objects.equals(before, after) ? "recording " + incoming.id() + " already known as " + after.status()
                : "recording " + incoming.id() + " " + after.status();
        return new Change(changed ? new RecordingIndex(RecordingIndex.VERSION, next, now.truncatedTo(ChronoUnit.MILLIS))
                : current, changed, reason);
    }

    /** Commutative and idempotent: merge(a, b) equals merge(b, a) and merge(merge(a, b), b). */
    public static Entry merge(Entry a, Entry b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean aFailed = !a.playable();
        boolean bFailed = !b.playable();
        Entry winner;
        if (aFailed != bFailed) {
            winner = aFailed ? a : b;
        } else {
            int byTime = a.endedAt().compareTo(b.endedAt());
            // equal times: a stable, order-independent choice (the larger serialised form)
            winner = byTime > 0 ? a : byTime < 0 ? b : (a.toString().compareTo(b.toString()) >= 0 ? a : b);
        }
        Entry other = winner == a ? b : a;
        // what only one of them knows is kept (the title and thumbnail are known to the events function, not to
        // a rebuild from the bucket's metadata files)
        return new Entry(winner.id(), winner.keyPrefix(), winner.status(), winner.startedAt(), winner.endedAt(),
                winner.durationMs(),
                winner.thumbnailKey() != null ? winner.thumbnailKey() : other.thumbnailKey(),
                winner.title() != null ? winner.title() : other.title());
    }

    /** The entries still within retention, newest first, at most {@link #MAX_ENTRIES}. */
    public static List<Entry> kept(Iterable<Entry> entries, int retentionDays, Instant now) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!Retention.expired(e.startedAt(), retentionDays, now)) {
                out.add(e);
            }
        }
        out.sort(NEWEST_FIRST);
        return out.size() > MAX_ENTRIES ? List.copyOf(out.subList(0, MAX_ENTRIES)) : List.copyOf(out);
    }

    /** What the API lists: playable recordings within retention, newest first. */
    public static List<Entry> listed(RecordingIndex index, int retentionDays, Instant now) {
        return kept(index.entries().stream().filter(Entry::playable).toList(), retentionDays, now);
    }
}

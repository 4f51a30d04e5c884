package onair.function.recordings;

import onair.function.recordings.RecordingIndex.Entry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index rules: duplicates, any order of arrival, failed recordings, retention. */
class RecordingIndexRulesTest {

    static final Instant NOW = Instant.parse("2026-01-03T10:00:00Z");
    final RecordingIndexRules rules = new RecordingIndexRules();

    static Entry ended(String id, String start, String end) {
        Instant s = Instant.parse(start);
        Instant e = Instant.parse(end);
        return new Entry(id, "ivs/v1/123456789012/AbCdEf/2026/1/1/12/0/" + id, Entry.ENDED, s, e,
                e.toEpochMilli() - s.toEpochMilli(), null, null);
    }

    static Entry failed(String id, String start, String end) {
        Entry ok = ended(id, start, end);
        return new Entry(ok.id(), ok.keyPrefix(), Entry.FAILED, ok.startedAt(), ok.endedAt(), ok.durationMs(),
                null, null);
    }

    RecordingIndex applyAll(List<Entry> events, int retentionDays) {
        RecordingIndex index = RecordingIndex.empty();
        for (Entry e : events) {
            index = rules.apply(index, e, retentionDays, NOW).index();
        }
        return index;
    }

    static List<String> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    @Test
    void anEndedRecordingIsListedNewestFirst() {
        RecordingIndex index = applyAll(List.of(
                ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"),
                ended("ccc", "2026-01-02T12:00:00Z", "2026-01-02T12:30:00Z"),
                ended("bbb", "2026-01-01T18:00:00Z", "2026-01-01T19:00:00Z")), 0);
        assertEquals(List.of("ccc", "bbb", "aaa"), ids(RecordingIndexRules.listed(index, 0, NOW)));
    }

    @Test
    void aDuplicateChangesNothing() {
        Entry e = ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z");
        RecordingIndex once = applyAll(List.of(e), 0);
        RecordingIndexRules.Change again = rules.apply(once, e, 0, NOW.plusSeconds(60));
        assertFalse(again.changed(), again.reason());
        assertEquals(once, again.index());
    }

    @Test
    void anyOrderOfArrivalGivesTheSameIndex() {
        List<Entry> events = List.of(
                ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"),
                ended("bbb", "2026-01-01T18:00:00Z", "2026-01-01T19:00:00Z"),
                failed("bbb", "2026-01-01T18:00:00Z", "2026-01-01T19:00:05Z"),
                ended("ccc", "2026-01-02T12:00:00Z", "2026-01-02T12:30:00Z"),
                ended("ccc", "2026-01-02T12:00:00Z", "2026-01-02T12:30:00Z"));
        List<RecordingIndex.Entry> expected = null;
        for (List<Entry> order : permutations(events)) {
            List<Entry> got = applyAll(order, 0).entries();
            if (expected == null) {
                expected = got;
            }
            assertEquals(expected, got, "order " + ids(order));
        }
        assertEquals(List.of("ccc", "aaa"), ids(RecordingIndexRules.listed(applyAll(events, 0), 0, NOW)));
    }

    @Test
    void aFailedRecordingIsNeverListedWhateverCameFirst() {
        Entry ok = ended("bbb", "2026-01-01T18:00:00Z", "2026-01-01T19:00:00Z");
        // a failure dated before the End, and after it: in either arrival order the recording stays failed
        for (Entry failure : List.of(failed("bbb", "2026-01-01T18:00:00Z", "2026-01-01T18:59:00Z"),
                failed("bbb", "2026-01-01T18:00:00Z", "2026-01-01T19:01:00Z"))) {
            for (List<Entry> order : List.of(List.of(ok, failure), List.of(failure, ok))) {
                RecordingIndex index = applyAll(order, 0);
                assertEquals(List.of(), RecordingIndexRules.listed(index, 0, NOW), order.toString());
                assertEquals(Entry.FAILED, index.entries().get(0).status());
            }
        }
    }

    @Test
    void theLaterOfTwoEndsWinsInEitherOrder() {
        Entry early = ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z");
        Entry late = ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:05:00Z");
        assertEquals(late.endedAt(), applyAll(List.of(early, late), 0).entries().get(0).endedAt());
        assertEquals(late.endedAt(), applyAll(List.of(late, early), 0).entries().get(0).endedAt());
        assertFalse(rules.apply(applyAll(List.of(late), 0), early, 0, NOW).changed());
    }

    @Test
    void aTitleOrThumbnailKnownToOneSideIsKept() {
        Entry plain = ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z");
        Entry titled = new Entry(plain.id(), plain.keyPrefix(), plain.status(), plain.startedAt(), plain.endedAt(),
                plain.durationMs(), plain.keyPrefix() + "/media/thumbnails/thumb3.jpg", "Build night");
        assertEquals(RecordingIndexRules.merge(plain, titled), RecordingIndexRules.merge(titled, plain));
        assertEquals("Build night", RecordingIndexRules.merge(titled, plain).title());
    }

    @Test
    void expiresAtTheMidnightAfterStartPlusRetentionAsS3Does() {
        // S3's own example: created 2014-01-15 10:30 UTC, 3 days -> expires 2014-01-19 00:00 UTC
        assertEquals(Instant.parse("2014-01-19T00:00:00Z"),
                Retention.expiresAt(Instant.parse("2014-01-15T10:30:00Z"), 3));
        assertFalse(Retention.expired(Instant.parse("2014-01-15T10:30:00Z"), 3, Instant.parse("2014-01-18T23:59:59Z")));
        assertTrue(Retention.expired(Instant.parse("2014-01-15T10:30:00Z"), 3, Instant.parse("2014-01-19T00:00:00Z")));
        assertFalse(Retention.expired(Instant.parse("2014-01-15T10:30:00Z"), 0, Instant.parse("2099-01-01T00:00:00Z")));
    }

    @Test
    void anExpiredRecordingLeavesTheListAndTheIndex() {
        Entry old = ended("aaa", "2026-01-01T12:00:00Z", "2026-01-01T13:00:00Z"); // expires 2026-01-03T00:00Z (1 day)
        Entry recent = ended("bbb", "2026-01-02T12:00:00Z", "2026-01-02T13:00:00Z"); // expires 2026-01-04T00:00Z
        RecordingIndex index = RecordingIndex.empty();
        Instant before = Instant.parse("2026-01-02T14:00:00Z");
        index = rules.apply(index, old, 1, before).index();
        index = rules.apply(index, recent, 1, before).index();
        assertEquals(List.of("bbb", "aaa"), ids(RecordingIndexRules.listed(index, 1, before)));
        // on read: gone from the list as soon as it expired, even before the index is written again
        assertEquals(List.of("bbb"), ids(RecordingIndexRules.listed(index, 1, NOW)));
        // on write: pruned from the object
        Entry newer = ended("ccc", "2026-01-03T08:00:00Z", "2026-01-03T09:00:00Z");
        assertEquals(List.of("ccc", "bbb"), ids(rules.apply(index, newer, 1, NOW).index().entries()));
        // a late event for an already expired recording does not bring it back
        RecordingIndexRules.Change late = rules.apply(index, old, 1, NOW);
        assertFalse(late.changed(), late.reason());
    }

    @Test
    void theIndexIsBounded() {
        RecordingIndex index = RecordingIndex.empty();
        Instant t = Instant.parse("2025-06-01T00:00:00Z");
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < RecordingIndexRules.MAX_ENTRIES + 5; i++) {
            Instant s = t.plusSeconds(600L * i);
            many.add(new Entry("r" + i, "ivs/v1/123456789012/AbCdEf/2025/6/1/0/0/r" + i, Entry.ENDED, s,
                    s.plusSeconds(60), 60000, null, null));
        }
        index = new RecordingIndex(1, RecordingIndexRules.kept(many, 0, NOW), null);
        assertEquals(RecordingIndexRules.MAX_ENTRIES, index.entries().size());
        assertEquals("r" + (RecordingIndexRules.MAX_ENTRIES + 4), index.entries().get(0).id());
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}

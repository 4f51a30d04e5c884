package onair.local.ivs.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * PutMetadata's rate: "At most 5 requests per second per channel are allowed" (botocore ivs 2020-07-14, PutMetadata
 * documentation; IVS service quotas, "PutMetadata": 5 TPS per channel, not adjustable,
 * https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/service-quotas.html). A sliding window of one second per
 * channel; a request over it is a ThrottlingException and does not count. The account-wide 155 TPS is not modelled
 * (one channel here).
 */
final class MetadataRate {

    static final int PER_SECOND = 5;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private final Map<String, Deque<Long>> calls = new HashMap<>();

    MetadataRate(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** @return true when the call is within the rate (and counts it) */
    synchronized boolean admit(String channelArn) {
        long now = nanos.getAsLong();
        Deque<Long> q = calls.computeIfAbsent(channelArn, k -> new ArrayDeque<>());
        while (!q.isEmpty() && now - q.peekFirst() >= WINDOW_NANOS) {
            q.pollFirst();
        }
        if (q.size() >= PER_SECOND) {
            return false;
        }
        q.addLast(now);
        return true;
    }
}

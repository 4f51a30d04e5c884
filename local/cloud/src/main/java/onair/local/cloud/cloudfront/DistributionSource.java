package onair.local.cloud.cloudfront;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;

/**
 * The distribution the edge plays, re-read from moto at most every {@code refresh} so a Terraform apply
 * (new behaviours, policies, origins) shows up within seconds without a restart.
 */
public final class DistributionSource {
    /** A loaded distribution: its ARN and config, and the behaviours in CloudFront's evaluation order. */
    public record Snapshot(String id, String arn, String etag, DistributionConfig config, List<CacheBehavior> ordered) {
    }

    private final CloudFrontClient cloudFront;
    private final String fixedId;
    private final Duration refresh;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot current;
    private volatile Instant loadedAt = Instant.EPOCH;

    public DistributionSource(CloudFrontClient cloudFront, String fixedId, Duration refresh) {
        this.cloudFront = cloudFront;
        this.fixedId = fixedId;
        this.refresh = refresh;
    }

    /**
     * The current snapshot, or null when moto holds no distribution yet. Once one is loaded, a stale snapshot is
     * re-read by one request while the others go on with the loaded one: the re-read is a round trip to moto,
     * and the edge's viewers must not all wait for it every few seconds.
     */
    public Snapshot get() {
        Snapshot s = current;
        if (s != null && Instant.now().isBefore(loadedAt.plus(refresh))) {
            return s;
        }
        if (s == null) {
            synchronized (this) {
                if (current == null || Instant.now().isAfter(loadedAt.plus(refresh))) {
                    reload();
                }
                return current;
            }
        }
        if (refreshing.compareAndSet(false, true)) {
            try {
                reload();
            } finally {
                refreshing.set(false);
            }
        }
        return current;
    }

    private void reload() {
        current = load();
        loadedAt = Instant.now();
    }

    private Snapshot load() {
        DistributionSummary summary = null;
        List<DistributionSummary> all = cloudFront.listDistributions().distributionList().items();
        for (DistributionSummary s : all == null ? List.<DistributionSummary>of() : all) {
            if (fixedId == null || fixedId.equals(s.id())) {
                summary = s;
                break;
            }
        }
        if (summary == null) {
            return null;
        }
        String id = summary.id();
        GetDistributionConfigResponse r = cloudFront.getDistributionConfig(b -> b.id(id));
        if (current != null && current.id().equals(id) && current.etag() != null && current.etag().equals(r.eTag())) {
            return current;
        }
        DistributionConfig c = r.distributionConfig();
        List<CacheBehavior> ordered = new ArrayList<>();
        if (c.cacheBehaviors() != null && c.cacheBehaviors().items() != null) {
            ordered.addAll(c.cacheBehaviors().items());
        }
        return new Snapshot(id, CloudFrontArns.globalize(summary.arn()), r.eTag(), c, ordered);
    }
}

package onair.local.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;

/**
 * The distribution the edge plays, re-read from moto at most every {@code refresh} so a Terraform apply
 * (new behaviours, policies, origins) shows up within seconds without a restart.
 */
final class DistributionSource {
    /** A loaded distribution: its ARN and config, and the behaviours in CloudFront's evaluation order. */
    record Snapshot(String id, String arn, String etag, DistributionConfig config, List<CacheBehavior> ordered) {
    }

    private final CloudFrontClient cloudFront;
    private final String fixedId;
    private final Duration refresh;
    private Snapshot current;
    private Instant loadedAt = Instant.EPOCH;

    DistributionSource(CloudFrontClient cloudFront, String fixedId, Duration refresh) {
        this.cloudFront = cloudFront;
        this.fixedId = fixedId;
        this.refresh = refresh;
    }

    /** The current snapshot, or null when moto holds no distribution yet. */
    synchronized Snapshot get() {
        if (current == null || Instant.now().isAfter(loadedAt.plus(refresh))) {
            current = load();
            loadedAt = Instant.now();
        }
        return current;
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

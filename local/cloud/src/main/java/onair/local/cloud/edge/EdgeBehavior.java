package onair.local.cloud.edge;

import java.util.List;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;

/** The parts of a default or ordered cache behaviour the edge acts on. */
record EdgeBehavior(String pathPattern, String targetOriginId, String cachePolicyId, String originRequestPolicyId,
                String responseHeadersPolicyId, List<String> allowedMethods, List<String> cachedMethods) {
    static EdgeBehavior of(DefaultCacheBehavior b) {
        return new EdgeBehavior("*", b.targetOriginId(), b.cachePolicyId(), b.originRequestPolicyId(),
                b.responseHeadersPolicyId(), methods(b.allowedMethods() == null ? null : b.allowedMethods().itemsAsStrings()),
                b.allowedMethods() == null || b.allowedMethods().cachedMethods() == null ? List.of("GET", "HEAD")
                        : b.allowedMethods().cachedMethods().itemsAsStrings());
    }

    static EdgeBehavior of(CacheBehavior b) {
        return new EdgeBehavior(b.pathPattern(), b.targetOriginId(), b.cachePolicyId(), b.originRequestPolicyId(),
                b.responseHeadersPolicyId(), methods(b.allowedMethods() == null ? null : b.allowedMethods().itemsAsStrings()),
                b.allowedMethods() == null || b.allowedMethods().cachedMethods() == null ? List.of("GET", "HEAD")
                        : b.allowedMethods().cachedMethods().itemsAsStrings());
    }

    private static List<String> methods(List<String> m) {
        return m == null || m.isEmpty() ? List.of("GET", "HEAD") : m;
    }
}

package onair.local.cloud.cloudfront;

/** The three CloudFront policy APIs moto lacks; names follow the 2020-05-31 REST-XML API. */
public enum PolicyKind {
    CACHE("cache-policy", "CachePolicy", "CachePolicyAlreadyExists"),
    RESPONSE_HEADERS("response-headers-policy", "ResponseHeadersPolicy", "ResponseHeadersPolicyAlreadyExists"),
    ORIGIN_REQUEST("origin-request-policy", "OriginRequestPolicy", "OriginRequestPolicyAlreadyExists");

    final String pathSegment;
    final String element;
    final String alreadyExists;

    PolicyKind(String pathSegment, String element, String alreadyExists) {
        this.pathSegment = pathSegment;
        this.element = element;
        this.alreadyExists = alreadyExists;
    }

    String configElement() {
        return element + "Config";
    }

    String noSuch() {
        return "No" + "Such" + element;
    }

    static PolicyKind fromPath(String segment) {
        for (PolicyKind k : values()) {
            if (k.pathSegment.equals(segment)) {
                return k;
            }
        }
        return null;
    }
}

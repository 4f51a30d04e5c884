package onair.local.cloud.cloudfront;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CloudFront is a global service: its ARNs have an empty region field ({@code arn:aws:cloudfront::123456789012:
 * distribution/EDFDVBD6EXAMPLE}). moto 5.2 writes them without it ({@code arn:aws:cloudfront:123456789012:...}),
 * which the Terraform provider rejects as an invalid ARN wherever one is used as a {@code source_arn}
 * (the Lambda permissions for CloudFront, the bucket policies). The gateway puts the empty field back.
 * <p>
 * The other way round too: moto keys a distribution's tags by its own spelling (CreateDistributionWithTags tags
 * {@code dist.arn}), so a ListTagsForResource/TagResource/UntagResource for the global ARN the client was given
 * found no tags, and Terraform planned the default tags again on every run. The gateway gives moto its spelling
 * in the {@code Resource} query parameter (API reference: ListTagsForResource,
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ListTagsForResource.html, returns the tags of
 * the resource named by that ARN).
 */
public final class CloudFrontArns {
    private static final Pattern GLOBAL = Pattern.compile("arn:(aws[a-z-]*):cloudfront::(\\d{12}):");
    private static final Pattern REGIONLESS = Pattern.compile("arn:(aws[a-z-]*):cloudfront:(\\d{12}):");

    private CloudFrontArns() {
    }

    public static String globalize(String arn) {
        return REGIONLESS.matcher(arn).replaceAll("arn:$1:cloudfront::$2:");
    }

    public static byte[] globalize(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String fixed = REGIONLESS.matcher(text).replaceAll("arn:$1:cloudfront::$2:");
        return fixed.equals(text) ? body : fixed.getBytes(StandardCharsets.UTF_8);
    }

    /** An ARN in moto's spelling (no region field), as moto keys tags by it. */
    public static String localize(String arn) {
        return GLOBAL.matcher(arn).replaceAll("arn:$1:cloudfront:$2:");
    }

    /** A query string whose {@code Resource} parameter is in moto's spelling; null stays null. */
    public static String localizeResourceQuery(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        return Arrays.stream(rawQuery.split("&", -1)).map(pair -> pair.startsWith("Resource=")
                ? "Resource=" + URLEncoder.encode(localize(URLDecoder.decode(pair.substring("Resource=".length()),
                        StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                : pair).collect(Collectors.joining("&"));
    }
}

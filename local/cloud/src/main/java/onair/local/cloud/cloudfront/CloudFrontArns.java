package onair.local.cloud.cloudfront;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * CloudFront is a global service: its ARNs have an empty region field ({@code arn:aws:cloudfront::123456789012:
 * distribution/EDFDVBD6EXAMPLE}). moto 5.2 writes them without it ({@code arn:aws:cloudfront:123456789012:...}),
 * which the Terraform provider rejects as an invalid ARN wherever one is used as a {@code source_arn}
 * (the Lambda permissions for CloudFront, the bucket policies). The gateway puts the empty field back.
 */
public final class CloudFrontArns {
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
}

package onair.function.aws;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Whole-call timeouts (retries included) of the SDK clients; the HTTP client's own connect/socket timeouts are
 * micronaut-aws-sdk-v2's {@code aws.url-connection-client.*} (application.properties).
 *
 * @param apiCallTimeout       SSM, S3, IVS: a status request must fall back to the cached state quickly, not hang
 * @param notifyApiCallTimeout SNS and Secrets Manager: the go-live announcement runs after the state is written and
 *                             delays nothing else, so it stays short
 */
@ConfigurationProperties("onair.aws")
public record AwsCallConfig(Duration apiCallTimeout, Duration notifyApiCallTimeout) {
}

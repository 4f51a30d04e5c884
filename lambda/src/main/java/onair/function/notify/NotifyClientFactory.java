package onair.function.notify;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;
import java.util.List;

/**
 * The notification clients, built on first use (only the events function announces; endpoints from
 * {@code AWS_ENDPOINT_URL_SNS} / {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL}).
 *
 * <p>SNS Publish is NOT retried: a standard topic has no deduplication (only FIFO topics do, and they have no e-mail
 * subscriptions: https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html), so a retry after a timeout whose
 * request in fact succeeded would mail every follower twice. A failed publish is logged and counted
 * ({@link NotifyMetrics}); one broadcast, at most one announcement.
 */
@Factory
public class NotifyClientFactory {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SOCKET = Duration.ofSeconds(3);
    private static final Duration CALL = Duration.ofSeconds(4);

    private final List<ExecutionInterceptor> interceptors;

    public NotifyClientFactory(List<ExecutionInterceptor> interceptors) {
        this.interceptors = interceptors;
    }

    @Singleton
    @Bean(preDestroy = "close")
    SnsClient snsClient() {
        return SnsClient.builder().httpClient(http())
                .overrideConfiguration(override().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    /** Reading a secret twice is harmless: the SDK's standard retries stay. */
    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManagerClient() {
        return SecretsManagerClient.builder().httpClient(http()).overrideConfiguration(override()).build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(SOCKET).build();
    }

    private ClientOverrideConfiguration override() {
        return ClientOverrideConfiguration.builder().executionInterceptors(interceptors).apiCallTimeout(CALL).build();
    }
}

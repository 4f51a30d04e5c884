package onair.function.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import io.micronaut.context.annotation.Value;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.util.List;

/**
 * Plain SDK v2 builders: region, credentials and endpoints come from the SDK's own chain, so
 * {@code AWS_ENDPOINT_URL_SSM} / {@code AWS_ENDPOINT_URL_IVS} / {@code AWS_ENDPOINT_URL_S3} (or {@code AWS_ENDPOINT_URL}) point a local run
 * at moto and the IVS emulator without any OnAir-specific setting. UrlConnectionHttpClient: no Apache/Netty/CRT,
 * the smallest cold start and a clean native image. Every client gets the same HTTP client and timeouts from here.
 */
@Factory
public class AwsClientFactory {

    /** Short timeouts: a status request must fall back to the cached state quickly, not hang on SSM. */
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SOCKET = Duration.ofSeconds(3);
    /** A whole call, retries included. */
    private static final Duration CALL = Duration.ofSeconds(8);
    /** The go-live announcement's calls: short, it runs after the state is written and delays nothing else. */
    private static final Duration NOTIFY_CALL = Duration.ofSeconds(4);

    private final List<ExecutionInterceptor> interceptors;

    public AwsClientFactory(List<ExecutionInterceptor> interceptors) {
        this.interceptors = interceptors;
    }

    @Singleton
    @Bean(preDestroy = "close")
    SsmClient ssmClient() {
        return SsmClient.builder().httpClient(http()).overrideConfiguration(override()).build();
    }

    /**
     * The status function lists the recordings' thumbnails (ListObjectsV2); endpoint from AWS_ENDPOINT_URL_S3.
     * Path-style requests ({@code ONAIR_S3_FORCE_PATH_STYLE=true}) only for S3-compatible endpoints on an IP address
     * (moto locally): the SDK uses virtual-hosted style even with an endpoint override, and AWS wants that style.
     */
    @Singleton
    @Bean(preDestroy = "close")
    S3Client s3Client(@Value("${onair.s3-force-path-style:false}") boolean forcePathStyle) {
        return S3Client.builder().httpClient(http()).overrideConfiguration(override())
                .forcePathStyle(forcePathStyle).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    IvsClient ivsClient() {
        return IvsClient.builder().httpClient(http()).overrideConfiguration(override()).build();
    }

    /**
     * The go-live topic (only the events function announces; endpoint from AWS_ENDPOINT_URL_SNS). Publish is NOT
     * retried: a standard topic has no deduplication (only FIFO topics do, and they have no e-mail subscriptions:
     * https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html), so a retry after a timeout whose request in
     * fact succeeded would mail every follower twice. A failed publish is logged and counted (NotifyMetrics); one
     * broadcast, at most one announcement.
     */
    @Singleton
    @Bean(preDestroy = "close")
    SnsClient snsClient() {
        return SnsClient.builder().httpClient(http())
                .overrideConfiguration(override(NOTIFY_CALL).toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    /** The webhooks secret (AWS_ENDPOINT_URL_SECRETS_MANAGER). Reading a secret twice is harmless: the SDK's retries stay. */
    @Singleton
    @Bean(preDestroy = "close")
    SecretsManagerClient secretsManagerClient() {
        return SecretsManagerClient.builder().httpClient(http()).overrideConfiguration(override(NOTIFY_CALL)).build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(SOCKET).build();
    }

    private ClientOverrideConfiguration override() {
        return override(CALL);
    }

    private ClientOverrideConfiguration override(Duration callTimeout) {
        return ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors)
                .apiCallTimeout(callTimeout)
                .build();
    }
}

package onair.function.aws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

import java.util.List;

/**
 * What micronaut-aws-sdk-v2 does not configure from properties, applied to each client builder it creates (its
 * documented extension point: a {@link BeanCreatedEventListener} of the builder): the whole-call timeout, the
 * execution interceptors (beans; the tests count SDK calls with one) and SNS without retries.
 * <p>
 * SNS Publish is NOT retried: a standard topic has no deduplication (only FIFO topics do, and they have no e-mail
 * subscriptions: https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html), so a retry after a timeout whose
 * request in fact succeeded would mail every follower twice. A failed publish is logged and counted (NotifyMetrics);
 * one broadcast, at most one announcement. Reading the webhooks secret twice is harmless: its retries stay.
 */
@Singleton
public class SdkClientSettings implements BeanCreatedEventListener<AwsSyncClientBuilder<?, ?>> {

    private final AwsCallConfig config;
    private final List<ExecutionInterceptor> interceptors;

    public SdkClientSettings(AwsCallConfig config, List<ExecutionInterceptor> interceptors) {
        this.config = config;
        this.interceptors = interceptors;
    }

    @Override
    public AwsSyncClientBuilder<?, ?> onCreated(BeanCreatedEvent<AwsSyncClientBuilder<?, ?>> event) {
        AwsSyncClientBuilder<?, ?> builder = event.getBean();
        if (builder instanceof SdkClientBuilder<?, ?> sdk) {
            boolean notify = builder instanceof SnsClientBuilder || builder instanceof SecretsManagerClientBuilder;
            // toBuilder(): keep what micronaut-aws-sdk-v2 already set (its User-Agent suffix)
            ClientOverrideConfiguration.Builder override = sdk.overrideConfiguration().toBuilder()
                    .executionInterceptors(interceptors)
                    .apiCallTimeout(notify ? config.notifyApiCallTimeout() : config.apiCallTimeout());
            if (builder instanceof SnsClientBuilder) {
                override.retryStrategy(AwsRetryStrategy.doNotRetry());
            }
            sdk.overrideConfiguration(override.build());
        }
        return builder;
    }
}

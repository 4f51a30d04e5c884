package onair.function.aws;

import io.micronaut.aws.sdk.v2.service.AWSServiceConfiguration;
import io.micronaut.aws.sdk.v2.service.AwsClientFactory;
import io.micronaut.aws.ua.UserAgentProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.services.ivs.IvsAsyncClient;
import software.amazon.awssdk.services.ivs.IvsAsyncClientBuilder;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.IvsClientBuilder;

/**
 * micronaut-aws-sdk-v2 has factories for SSM, S3, SNS and Secrets Manager but none for IVS: this one follows the
 * shape of theirs (its base class gives the same credentials, region, User-Agent, shared HTTP client and
 * {@code aws.services.ivs.endpoint-override}), so the IVS client is configured like the others. Sync only.
 */
@Factory
public class IvsClientFactory extends AwsClientFactory<IvsClientBuilder, IvsAsyncClientBuilder, IvsClient, IvsAsyncClient> {

    protected IvsClientFactory(AwsCredentialsProviderChain credentialsProvider, AwsRegionProviderChain regionProvider,
                               @Nullable UserAgentProvider userAgentProvider,
                               @Nullable @Named("ivs") AWSServiceConfiguration awsServiceConfiguration) {
        super(credentialsProvider, regionProvider, userAgentProvider, awsServiceConfiguration);
    }

    @Override
    protected IvsClientBuilder createSyncBuilder() {
        return IvsClient.builder();
    }

    @Override
    protected IvsAsyncClientBuilder createAsyncBuilder() {
        return IvsAsyncClient.builder();
    }

    @Override
    @Singleton
    public IvsClientBuilder syncBuilder(SdkHttpClient httpClient) {
        return super.syncBuilder(httpClient);
    }

    @Override
    @Bean(preDestroy = "close")
    @Singleton
    public IvsClient syncClient(IvsClientBuilder builder) {
        return super.syncClient(builder);
    }
}

package onair.function.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.util.List;

/**
 * Plain SDK v2 builders: region, credentials and endpoints come from the SDK's own chain, so
 * {@code AWS_ENDPOINT_URL_SSM} / {@code AWS_ENDPOINT_URL_IVS} (or {@code AWS_ENDPOINT_URL}) point a local run
 * at moto and the IVS emulator without any OnAir-specific setting. UrlConnectionHttpClient: no Apache/Netty/CRT,
 * the smallest cold start and a clean native image.
 */
@Factory
public class AwsClientFactory {

    /** Short timeouts: a status request must fall back to the cached state quickly, not hang on SSM. */
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SOCKET = Duration.ofSeconds(3);

    private final List<ExecutionInterceptor> interceptors;

    public AwsClientFactory(List<ExecutionInterceptor> interceptors) {
        this.interceptors = interceptors;
    }

    @Singleton
    @Bean(preDestroy = "close")
    SsmClient ssmClient() {
        return SsmClient.builder().httpClient(http()).overrideConfiguration(override()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    IvsClient ivsClient() {
        return IvsClient.builder().httpClient(http()).overrideConfiguration(override()).build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(SOCKET).build();
    }

    private ClientOverrideConfiguration override() {
        return ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors)
                .apiCallTimeout(Duration.ofSeconds(8))
                .build();
    }
}

package onair.local.cloud.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK v2 clients pointed straight at moto (never at the gateway, so nothing loops back into us). */
public final class MotoClients implements AutoCloseable {
    public final LambdaClient lambda;
    public final S3Client s3;
    public final CloudFrontClient cloudFront;
    public final EventBridgeClient events;
    public final SqsClient sqs;
    private final SdkHttpClient http;

    public MotoClients(URI moto, String region, String accessKey, String secretKey) {
        http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        Region r = Region.of(region);
        lambda = LambdaClient.builder().httpClient(http).endpointOverride(moto).region(r)
                .credentialsProvider(credentials).build();
        s3 = S3Client.builder().httpClient(http).endpointOverride(moto).region(r).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        // CloudFront is global and signs with us-east-1
        cloudFront = CloudFrontClient.builder().httpClient(http).endpointOverride(moto).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials).build();
        events = EventBridgeClient.builder().httpClient(http).endpointOverride(moto).region(r)
                .credentialsProvider(credentials).build();
        sqs = SqsClient.builder().httpClient(http).endpointOverride(moto).region(r)
                .credentialsProvider(credentials).build();
    }

    @Override
    public void close() {
        lambda.close();
        s3.close();
        cloudFront.close();
        events.close();
        sqs.close();
        http.close();
    }
}

package onair.function.support;

import onair.testsupport.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;

/**
 * The endpoints one test class talks to: a real SSM (moto_server on a free loopback port) and {@link FakeIvs}.
 * Register it as a static field with {@code @RegisterExtension}: both start before the first test of the class
 * and stop after the last.
 */
public final class AwsEndpoints implements BeforeAllCallback, AfterAllCallback {

    private MotoServer moto;
    private FakeIvs ivs;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        moto = startMoto();
        ivs = new FakeIvs();
        FunctionHarness.useEndpoints(moto.url(), ivs.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ivs != null) {
            ivs.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /**
     * moto_server through the local platform's launcher (local/moto/moto_local.py, which adds what AWS enforces and
     * moto does not, e.g. SSM's 4,096-character Standard value limit): the function is tested against that, not
     * stock moto. SSM is warmed up first: moto loads a backend on its first request, which on a loaded machine takes
     * longer than the function's own 8 s SDK timeout.
     */
    public static MotoServer startMoto() {
        return MotoServer.platform().warm("ssm", "AmazonSSM.DescribeParameters");
    }

    /** An S3 client of {@code moto} (path-style, test credentials), for tests that drive S3 directly. */
    public static S3Client s3(MotoServer moto) {
        return S3Client.builder().endpointOverride(URI.create(moto.url())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .forcePathStyle(true).build();
    }

    public MotoServer moto() {
        return moto;
    }

    /** Answers GetStream LIVE until told otherwise. */
    public FakeIvs ivs() {
        return ivs;
    }
}

package onair.function.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
        moto = MotoServer.start();
        ivs = new FakeIvs();
        FunctionHarness.useEndpoints(moto.endpoint(), ivs.endpoint());
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

    public MotoServer moto() {
        return moto;
    }

    /** Answers GetStream LIVE until told otherwise. */
    public FakeIvs ivs() {
        return ivs;
    }
}

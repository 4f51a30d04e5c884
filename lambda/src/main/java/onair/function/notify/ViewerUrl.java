package onair.function.notify;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The URL viewers open, from the SSM parameter Terraform writes once the distribution exists (see
 * {@link NotifyConfig#viewerUrlParameter()}). Read at each announcement (one per broadcast). Best effort: without it
 * the announcement still goes out, without a link.
 */
@Singleton
public class ViewerUrl {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerUrl.class);

    private final SsmClient ssm;
    private final NotifyConfig config;

    public ViewerUrl(SsmClient ssm, NotifyConfig config) {
        this.ssm = ssm;
        this.config = config;
    }

    @Nullable
    public String current() {
        String name = config.viewerUrlParameter();
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            String url = ssm.getParameter(b -> b.name(name)).parameter().value().strip();
            return url.matches("https?://[^\\s\"<>]{1,2000}") ? url : null;
        } catch (RuntimeException e) {
            LOG.warn("no viewer URL for the announcement ({}): {}", name, e.toString());
            return null;
        }
    }
}

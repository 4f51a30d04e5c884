package onair.function.notify;

import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import onair.function.cache.TtlCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhooks, from their one Secrets Manager secret ({@code GetSecretValue}, which needs
 * {@code secretsmanager:GetSecretValue} on the secret, and {@code kms:Decrypt} only when the secret is encrypted
 * with a customer-managed key instead of {@code aws/secretsmanager}: botocore {@code secretsmanager/2017-10-17}
 * GetSecretValue; https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). Cached
 * per instance for {@code secretTtlSeconds}, as AWS recommends caching secret values
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html); an unreadable or malformed
 * secret means no webhooks for that announcement (logged and counted), never a failed event. Unusable entries are
 * skipped by name ({@link WebhookRules}); no URL is ever logged.
 */
@Singleton
public class WebhookSecret {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSecret.class);

    private final BeanProvider<SecretsManagerClient> secrets;
    private final JsonMapper json;
    private final NotifyConfig config;
    private final NotifyMetrics metrics;
    private final TtlCache<List<Webhook>> cache;

    public WebhookSecret(BeanProvider<SecretsManagerClient> secrets, JsonMapper json, Clock clock, NotifyConfig config,
                         NotifyMetrics metrics) {
        this.secrets = secrets;
        this.json = json;
        this.config = config;
        this.metrics = metrics;
        this.cache = new TtlCache<>(clock, Duration.ofSeconds(config.secretTtlSeconds()), "webhooks secret");
    }

    public List<Webhook> webhooks() {
        if (!config.hasWebhooks()) {
            return List.of();
        }
        // read() never throws: an unreadable secret is "no webhooks" until the next read, one TTL later
        return cache.get(previous -> read()).value();
    }

    private List<Webhook> read() {
        String value;
        try {
            value = secrets.get().getSecretValue(b -> b.secretId(config.webhooksSecret())).secretString();
        } catch (RuntimeException e) {
            LOG.error("webhooks secret unreadable, no webhook is called: {}", e.getClass().getSimpleName());
            metrics.failed("webhook");
            return List.of();
        }
        Webhook.Set set;
        try {
            set = value == null ? null : json.readValue(value, Webhook.Set.class);
        } catch (Exception e) {
            // the message could quote the secret's text: only the kind of error is logged
            LOG.error("webhooks secret is not {\"webhooks\":[...]} JSON ({}), no webhook is called",
                    e.getClass().getSimpleName());
            metrics.failed("webhook");
            return List.of();
        }
        List<Webhook> usable = new ArrayList<>();
        for (Webhook w : set == null || set.webhooks() == null ? List.<Webhook>of() : set.webhooks()) {
            String problem = WebhookRules.problem(w);
            if (problem == null) {
                usable.add(w);
            } else {
                LOG.error("webhooks secret: skipping {}", problem);
                metrics.failed("webhook");
            }
        }
        return List.copyOf(usable);
    }
}

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
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html). An unreadable or malformed
 * secret (not readable, no SecretString, not {@code {"webhooks":[...]}}) is never taken for "no webhooks": with an
 * earlier good read held, those webhooks are called and the failure counted; without one, {@link #webhooks()}
 * throws and the webhooks delivery counts it ({@link GoLiveNotifier}); either way never a failed event, and the
 * failed read is not cached, so the next announcement reads again. Unusable entries are skipped by name
 * ({@link WebhookRules}) and counted; no URL is ever logged.
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

    /**
     * The usable webhooks.
     *
     * @throws Unreadable when the secret cannot be read or is not a webhooks document and no earlier read of it is
     *                    held (the caller counts it as a failed webhook delivery). A failure is not remembered as
     *                    "no webhooks": the next announcement reads again.
     */
    public List<Webhook> webhooks() {
        if (!config.hasWebhooks()) {
            return List.of();
        }
        TtlCache.Entry<List<Webhook>> entry = cache.get(previous -> read());
        if (entry.stale()) {
            // the last read failed: the webhooks read before it are still called, and the failure still counted
            LOG.error("webhooks secret unreadable, calling the webhooks of its last good read");
            metrics.failed(NotifyMetrics.WEBHOOK);
        }
        return entry.value();
    }

    /** The secret cannot be read, or does not hold {@code {"webhooks":[...]}}. The message never quotes it. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    private List<Webhook> read() {
        String value;
        try {
            value = secrets.get().getSecretValue(b -> b.secretId(config.webhooksSecret())).secretString();
        } catch (RuntimeException e) {
            LOG.error("webhooks secret unreadable: {}", e.getClass().getSimpleName());
            throw new Unreadable("GetSecretValue failed: " + e.getClass().getSimpleName());
        }
        if (value == null) {
            // a SecretBinary secret: Terraform writes SecretString, so this is a hand edit
            LOG.error("webhooks secret has no SecretString");
            throw new Unreadable("no SecretString");
        }
        Webhook.Set set;
        try {
            set = json.readValue(value, Webhook.Set.class);
        } catch (Exception e) {
            // the message could quote the secret's text: only the kind of error is logged
            LOG.error("webhooks secret is not {\"webhooks\":[...]} JSON ({})",
                    e.getClass().getSimpleName());
            throw new Unreadable("not JSON: " + e.getClass().getSimpleName());
        }
        if (set == null || set.webhooks() == null) {
            LOG.error("webhooks secret has no \"webhooks\" list");
            throw new Unreadable("no webhooks list");
        }
        List<Webhook> usable = new ArrayList<>();
        for (Webhook w : set.webhooks()) {
            String problem = WebhookRules.problem(w);
            if (problem == null) {
                usable.add(w);
            } else {
                LOG.error("webhooks secret: skipping {}", problem);
                metrics.failed(NotifyMetrics.WEBHOOK);
            }
        }
        return List.copyOf(usable);
    }
}

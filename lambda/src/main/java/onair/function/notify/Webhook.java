package onair.function.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One webhook as the Terraform variable {@code notification_webhooks} stores it in the secret. The URL is a secret
 * (a Discord or Slack webhook URL is its own credential): only {@code name} ever appears in a log line.
 *
 * @param name   a label for logs and metrics
 * @param url    where to POST
 * @param format {@code discord}, {@code slack} or {@code json}
 */
@Serdeable
public record Webhook(@Nullable String name, @Nullable String url, @Nullable String format) {

    /** The secret's document: {@code {"webhooks":[...]}}. */
    @Serdeable
    public record Set(@Nullable List<Webhook> webhooks) {
    }
}

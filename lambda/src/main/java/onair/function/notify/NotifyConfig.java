package onair.function.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Go-live notifications (env ONAIR_NOTIFY_TOPIC_ARN, ONAIR_NOTIFY_WEBHOOKS_SECRET, ONAIR_NOTIFY_VIEWER_URL_PARAMETER,
 * ...). Each channel is optional: a stack without a topic, a secret or both announces on what it has.
 *
 * @param topicArn              SNS topic the announcement is published to (its e-mail subscriptions); null = none
 * @param webhooksSecret        Secrets Manager secret (ARN or name) holding the webhooks {@code {"webhooks":[{name,
 *                              url, format}]}}; null = no webhooks. The URLs are secrets: never logged
 * @param viewerUrlParameter    SSM parameter holding the viewer URL (written by Terraform once the distribution
 *                              exists: the function cannot take it as an environment variable, the distribution
 *                              itself depends on the function URL)
 * @param webhookTimeoutSeconds connect timeout and, separately, response timeout of each webhook call
 * @param secretTtlSeconds      how long one read of the webhooks secret serves on one instance
 */
@ConfigurationProperties("onair.notify")
public record NotifyConfig(
        @Nullable String topicArn,
        @Nullable String webhooksSecret,
        @Nullable String viewerUrlParameter,
        @Bindable(defaultValue = "2") int webhookTimeoutSeconds,
        @Bindable(defaultValue = "60") int secretTtlSeconds) {

    public boolean hasTopic() {
        return topicArn != null && !topicArn.isBlank();
    }

    public boolean hasWebhooks() {
        return webhooksSecret != null && !webhooksSecret.isBlank();
    }
}

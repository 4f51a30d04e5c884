package onair.function.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * What the events function accepts besides the channel (env ONAIR_RECORDINGS_BUCKET, ONAIR_EVENT_MAX_AGE_SECONDS,
 * ONAIR_EVENT_MAX_FUTURE_SECONDS; defaults in application.properties). Kept apart from {@link OnAirConfig} because only the event parser reads it.
 *
 * @param recordingsBucket      the bucket the channel's recording configuration writes to: recording events naming
 *                              another bucket are refused (none accepted while unset)
 * @param eventMaxAgeSeconds    an event whose {@code time} is older than this is refused. IVS retries delivery for
 *                              "several hours" and the failed-events queue keeps an event up to 14 days for a replay,
 *                              so Terraform sets it to the queue's retention plus one day (default 15 days)
 * @param eventMaxFutureSeconds an event dated more than this after the function's clock is refused (clock skew
 *                              allowance; IVS dates events when they happen, so a future date is forged)
 */
@ConfigurationProperties("onair")
public record EventValidationConfig(
        @Nullable String recordingsBucket,
        long eventMaxAgeSeconds,
        long eventMaxFutureSeconds) {
}

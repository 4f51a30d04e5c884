package onair.function.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The function's settings (env ONAIR_STATE_PARAMETER, ONAIR_CHANNEL_ARN, ... map onto these). Their defaults are
 * written once, in application.properties; on AWS Terraform sets every one from the root module's variables, and
 * scripts/tests/defaults.test.mjs keeps the two equal.
 *
 * @param stateParameter            SSM parameter holding the state document
 * @param channelArn                the one IVS channel: events for other channels are foreign; GetStream target
 * @param playbackUrl               IVS playback URL served while live
 * @param dvrWindowSeconds          how far back the player may seek into a recording
 * @param cacheTtlSeconds           how long one SSM read serves status requests on one instance
 * @param reconcileIntervalSeconds  minimum time between two IVS GetStream checks on one instance (the one GetStream
 *                                  both repairs lost events and refreshes the viewer count: see StreamWatch)
 * @param recordingReconnectWindowSeconds the IVS recording configuration's recordingReconnectWindowSeconds (set
 *                                  by Terraform from the same variable): how long after a Stream End the API says
 *                                  "reconnecting"; 0 = never
 */
@ConfigurationProperties("onair")
public record OnAirConfig(
        String stateParameter,
        @Nullable String channelArn,
        @Nullable String playbackUrl,
        int dvrWindowSeconds,
        int cacheTtlSeconds,
        int reconcileIntervalSeconds,
        int recordingReconnectWindowSeconds) {
}

package onair.function.notify;

import jakarta.inject.Singleton;
import onair.function.json.JsonText;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts announcements sent and failed, per instance (tests read them), and prints each as a CloudWatch metric in the
 * Embedded Metric Format: one JSON line on stdout, which Lambda sends to the function's log group, where CloudWatch
 * turns it into the metrics {@code OnAir/NotificationsSent} and {@code OnAir/NotificationsFailed}; no PutMetricData
 * call, no extra permission
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Printed with System.out, not the logger: EMF wants the JSON object as the whole log event, without logback's prefix.
 *
 * <p>Two dimension sets ({@link #DIMENSION_SETS}): the EMF specification's {@code Dimensions} is "an array of
 * DimensionSet", and CloudWatch records the value under each set, so every count exists both per delivery
 * ({@code [Function, Delivery]}, to see which failed) and as a per-function rollup ({@code [Function]}). The rollup
 * is what the alarm on NotificationsFailed watches (terraform/modules/monitoring): a CloudWatch metric alarm names one
 * metric by its exact, full dimension set and cannot alarm on a SEARCH expression
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metric_Math_Alarm.html), so one alarm on the
 * rollup covers every delivery value, present and future. The names are written once, in
 * {@code terraform/modules/monitoring/notify-metric.json}, which the alarm reads and NotifyMetricsContractTest
 * compares with these constants.
 */
@Singleton
public class NotifyMetrics {

    public static final String NAMESPACE = "OnAir";
    public static final String SENT = "NotificationsSent";
    public static final String FAILED = "NotificationsFailed";
    public static final String FUNCTION = "Function";
    public static final String DELIVERY = "Delivery";
    /** Per delivery, and the per-function rollup the alarm watches. */
    public static final List<List<String>> DIMENSION_SETS = List.of(List.of(FUNCTION, DELIVERY), List.of(FUNCTION));

    /** The SNS topic (its e-mail subscriptions). */
    public static final String SNS = "sns";
    /** The webhooks: reading their secret, and each POST. */
    public static final String WEBHOOK = "webhook";
    /**
     * A failure of the announcement itself, before or around both deliveries (neither can be said to have failed:
     * e.g. the background task that posts the webhooks could not be started).
     */
    public static final String ANNOUNCEMENT = "announcement";

    private final Clock clock;
    private final String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public NotifyMetrics(Clock clock) {
        this.clock = clock;
    }

    public void sent(String delivery) {
        sent.incrementAndGet();
        emit(SENT, delivery);
    }

    public void failed(String delivery) {
        failed.incrementAndGet();
        emit(FAILED, delivery);
    }

    public long sentCount() {
        return sent.get();
    }

    public long failedCount() {
        return failed.get();
    }

    private void emit(String metric, String delivery) {
        StringBuilder sets = new StringBuilder();
        for (List<String> set : DIMENSION_SETS) {
            sets.append(sets.isEmpty() ? "" : ",").append('[');
            for (int i = 0; i < set.size(); i++) {
                sets.append(i == 0 ? "" : ",").append(JsonText.string(set.get(i)));
            }
            sets.append(']');
        }
        System.out.println("{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":"
                + JsonText.string(NAMESPACE) + ",\"Dimensions\":[" + sets + "],\"Metrics\":[{\"Name\":"
                + JsonText.string(metric) + ",\"Unit\":\"Count\"}]}]},\"" + FUNCTION + "\":"
                + JsonText.string(function) + ",\"" + DELIVERY + "\":" + JsonText.string(delivery) + ","
                + JsonText.string(metric) + ":1}");
    }
}

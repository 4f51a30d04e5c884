package onair.function.notify;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts announcements sent and failed, per instance (tests read them), and prints each as a CloudWatch metric in the
 * Embedded Metric Format: one JSON line on stdout, which Lambda sends to the function's log group, where CloudWatch
 * turns it into the metrics {@code OnAir/NotificationsSent} and {@code OnAir/NotificationsFailed} with the dimensions
 * Function and Delivery (sns, webhook); no PutMetricData call, no extra permission
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Printed with System.out, not the logger: EMF wants the JSON object as the whole log event, without logback's prefix.
 */
@Singleton
public class NotifyMetrics {

    private final Clock clock;
    private final String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public NotifyMetrics(Clock clock) {
        this.clock = clock;
    }

    public void sent(String delivery) {
        sent.incrementAndGet();
        emit("NotificationsSent", delivery);
    }

    public void failed(String delivery) {
        failed.incrementAndGet();
        emit("NotificationsFailed", delivery);
    }

    public long sentCount() {
        return sent.get();
    }

    public long failedCount() {
        return failed.get();
    }

    private void emit(String metric, String delivery) {
        System.out.println("{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\"OnAir\","
                + "\"Dimensions\":[[\"Function\",\"Delivery\"]],\"Metrics\":[{\"Name\":\"" + metric
                + "\",\"Unit\":\"Count\"}]}]},\"Function\":" + Payloads.Json.string(function) + ",\"Delivery\":"
                + Payloads.Json.string(delivery) + ",\"" + metric + "\":1}");
    }
}

package onair.function.notify;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs an announcement to every webhook at once, each with a short connect timeout and a short response timeout
 * ({@code webhookTimeoutSeconds}, default 2 s each), and waits for all of them at most their sum plus a second: a
 * slow or dead receiver costs the invocation a few seconds at worst, after the state is written. No retry (a Discord
 * or Slack post has no idempotency key: a retry after a lost answer would post twice). A failure is logged with the
 * webhook's name and the HTTP status or error class, never the URL (a webhook URL is its own credential), and
 * counted ({@link NotifyMetrics}).
 */
@Singleton
public class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final NotifyMetrics metrics;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookSender(NotifyConfig config, NotifyMetrics metrics) {
        this.metrics = metrics;
        this.timeout = Duration.ofSeconds(Math.max(1, config.webhookTimeoutSeconds()));
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends to all; returns how many answered 2xx. */
    public int send(List<Webhook> webhooks, Announcement a) {
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        for (Webhook w : webhooks) {
            calls.add(post(w, a));
        }
        int ok = 0;
        long deadline = System.nanoTime() + timeout.multipliedBy(2).plusSeconds(1).toNanos();
        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<Boolean> call = calls.get(i);
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (Boolean.TRUE.equals(call.get(left, TimeUnit.NANOSECONDS))) {
                    ok++;
                }
            } catch (TimeoutException e) {
                call.cancel(true);
                LOG.error("webhook '{}' did not answer in time: not retried", webhooks.get(i).name());
                metrics.failed(NotifyMetrics.WEBHOOK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ok;
            } catch (Exception e) {
                LOG.error("webhook '{}' failed: {}", webhooks.get(i).name(), e.getClass().getSimpleName());
                metrics.failed(NotifyMetrics.WEBHOOK);
            }
        }
        return ok;
    }

    private CompletableFuture<Boolean> post(Webhook w, Announcement a) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(w.url())).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "OnAir-notify/1")
                    .POST(HttpRequest.BodyPublishers.ofString(Payloads.forFormat(w.format(), a))).build();
        } catch (RuntimeException e) {
            LOG.error("webhook '{}': unusable URL ({})", w.name(), e.getClass().getSimpleName());
            metrics.failed(NotifyMetrics.WEBHOOK);
            return CompletableFuture.completedFuture(false);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                LOG.error("webhook '{}' failed: {} (not retried)", w.name(), cause.getClass().getSimpleName());
                metrics.failed(NotifyMetrics.WEBHOOK);
                return false;
            }
            if (response.statusCode() / 100 != 2) {
                LOG.error("webhook '{}' answered HTTP {} (not retried)", w.name(), response.statusCode());
                metrics.failed(NotifyMetrics.WEBHOOK);
                return false;
            }
            LOG.info("webhook '{}' announced the broadcast (HTTP {})", w.name(), response.statusCode());
            metrics.sent(NotifyMetrics.WEBHOOK);
            return true;
        });
    }
}

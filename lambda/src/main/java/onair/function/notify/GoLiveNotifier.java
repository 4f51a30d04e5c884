package onair.function.notify;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import onair.function.channel.ChannelTitle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Announces a broadcast that began ({@link onair.function.state.GoLiveRule}): publishes to the SNS topic (its
 * e-mail subscriptions) and posts to every webhook, with the channel's title of the moment and the viewer URL.
 *
 * <p>Called only AFTER the state document that records the broadcast has been written, so nothing here can delay
 * or fail the state, and a redelivered event finds the broadcast recorded and announces nothing: at most one
 * announcement per broadcast. Every failure here is logged and counted ({@link NotifyMetrics}, under the delivery that
 * failed) and then forgotten: it never fails the event or the batch (a failed batch would be redelivered, and must not
 * be the way a notification is retried).
 */
@Singleton
public class GoLiveNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(GoLiveNotifier.class);

    /**
     * A broadcast to announce.
     *
     * @param streamId  the stream whose Start began it
     * @param startedAt that Start's time
     */
    public record GoLive(String streamId, Instant startedAt) {
    }

    private final NotifyConfig config;
    private final ChannelTitle title;
    private final ViewerUrl viewerUrl;
    private final BeanProvider<SnsClient> sns;
    private final WebhookSecret webhooks;
    private final WebhookSender sender;
    private final NotifyMetrics metrics;

    public GoLiveNotifier(NotifyConfig config, ChannelTitle title, ViewerUrl viewerUrl, BeanProvider<SnsClient> sns,
                          WebhookSecret webhooks, WebhookSender sender, NotifyMetrics metrics) {
        this.config = config;
        this.title = title;
        this.viewerUrl = viewerUrl;
        this.sns = sns;
        this.webhooks = webhooks;
        this.sender = sender;
        this.metrics = metrics;
    }

    public void announce(List<GoLive> broadcasts) {
        for (GoLive b : broadcasts) {
            try {
                announce(b);
            } catch (RuntimeException e) {
                // Each delivery counts its own failures; what lands here failed around both (neither can be said to
                // have failed), so it is counted under its own value, never as an SNS or webhook failure. It never
                // reaches the batch: the state is written, a redelivery would announce nothing anyway.
                LOG.error("announcing broadcast {} failed: {}", b.streamId(), e.getClass().getSimpleName());
                metrics.failed(NotifyMetrics.ANNOUNCEMENT);
            }
        }
    }

    private void announce(GoLive b) {
        if (!config.hasTopic() && !config.hasWebhooks()) {
            LOG.info("broadcast {} began; no topic or webhooks configured: nothing to announce", b.streamId());
            return;
        }
        // title and URL are best effort (each part returns null when it cannot read its parameter)
        Announcement a = new Announcement(title.current(), viewerUrl.current(), b.streamId(), b.startedAt());
        // The two deliveries are independent: the webhooks, reading their secret included, run in the background
        // while SNS publishes, so an unreadable or slow secret neither stops nor delays the e-mail subscribers, and
        // a failed publish stops no webhook. Each catches and counts its own failures; neither is retried.
        CompletableFuture<String> posted = config.hasWebhooks()
                ? CompletableFuture.supplyAsync(() -> postWebhooks(a))
                : CompletableFuture.completedFuture("none");
        String published = config.hasTopic() ? (publish(a) ? "published" : "FAILED") : "none";
        LOG.info("broadcast {} announced: SNS {}, webhooks {}", b.streamId(), published, posted.join());
    }

    /** The webhooks delivery: reads the secret and posts to each; never throws. */
    private String postWebhooks(Announcement a) {
        try {
            List<Webhook> hooks = webhooks.webhooks();
            int ok = hooks.isEmpty() ? 0 : sender.send(hooks, a);
            return ok + "/" + hooks.size();
        } catch (RuntimeException e) {
            // the secret could not be read (WebhookSecret says why) or the sender failed as a whole
            LOG.error("webhooks for broadcast {} failed, none retried: {}", a.streamId(), e.getClass().getSimpleName());
            metrics.failed(NotifyMetrics.WEBHOOK);
            return "FAILED";
        }
    }

    private boolean publish(Announcement a) {
        if (!config.hasTopic()) {
            return false;
        }
        try {
            String id = sns.get().publish(p -> p.topicArn(config.topicArn()).subject(Payloads.snsSubject(a))
                    .message(Payloads.snsMessage(a))).messageId();
            LOG.info("SNS message {} published for broadcast {}", id, a.streamId());
            metrics.sent(NotifyMetrics.SNS);
            return true;
        } catch (RuntimeException e) {
            LOG.error("SNS publish for broadcast {} failed, not retried (a retry could mail everyone twice): {}",
                    a.streamId(), e.toString());
            metrics.failed(NotifyMetrics.SNS);
            return false;
        }
    }
}

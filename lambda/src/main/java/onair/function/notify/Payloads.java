package onair.function.notify;

import onair.function.json.JsonText;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;

/**
 * The announcement in each channel's format. Pure, so every format is unit-tested.
 *
 * <ul>
 *   <li><b>SNS</b> (e-mail subscriptions): Publish {@code Subject} "must be UTF-8 text with no line breaks or control
 *       characters, and less than 100 characters long", and SNS alters subjects with non-ASCII characters for some
 *       subscribers, so the subject keeps printable ASCII only and at most {@value #SUBJECT_MAX} characters;
 *       {@code Message} at most 256 KB (262,144 bytes) of UTF-8 (botocore {@code sns/2010-03-31} PublishInput;
 *       https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).</li>
 *   <li><b>Discord</b> (Execute Webhook, https://discord.com/developers/docs/resources/webhook#execute-webhook):
 *       {@code {"content": ...}}, content at most 2000 characters; {@code allowed_mentions.parse = []} so a title
 *       such as "@everyone" pings nobody.</li>
 *   <li><b>Slack</b> (incoming webhook, https://api.slack.com/messaging/webhooks): {@code {"text": ...}}, with
 *       {@code &}, {@code <} and {@code >} escaped as Slack asks (https://api.slack.com/reference/surfaces/formatting#escaping),
 *       so a title cannot make a link or a mention.</li>
 *   <li><b>json</b> (any HTTPS receiver): {@code {"event":"live","title","url","streamId","startedAt"}};
 *       {@code streamId} is the broadcast's key.</li>
 * </ul>
 */
public final class Payloads {

    /** "less than 100 characters". */
    public static final int SUBJECT_MAX = 99;
    public static final int DISCORD_CONTENT_MAX = 2000;
    public static final int SNS_MESSAGE_MAX_BYTES = 262_144;

    private Payloads() {
    }

    /** One line: "<title> is live now: <url>". */
    public static String line(Announcement a) {
        return a.titleOrDefault() + " is live now" + (a.viewerUrl() == null ? "." : ": " + a.viewerUrl());
    }

    public static String snsSubject(Announcement a) {
        StringBuilder ascii = new StringBuilder();
        for (char c : a.titleOrDefault().toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                ascii.append(c);
            }
        }
        String title = ascii.toString().replaceAll(" +", " ").strip();
        String subject = "Live now: " + (title.isEmpty() ? Announcement.DEFAULT_TITLE : title);
        return subject.length() <= SUBJECT_MAX ? subject : subject.substring(0, SUBJECT_MAX - 3).stripTrailing() + "...";
    }

    public static String snsMessage(Announcement a) {
        String message = a.titleOrDefault() + " is live now.\n\n"
                + (a.viewerUrl() == null ? "" : "Watch: " + a.viewerUrl() + "\n\n")
                + "Stream " + a.streamId() + ", started " + a.startedAt().truncatedTo(ChronoUnit.SECONDS) + ".\n";
        // The title is at most 200 characters, so this never cuts; the bound is kept here, where the limit is named.
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= SNS_MESSAGE_MAX_BYTES ? message
                : new String(bytes, 0, SNS_MESSAGE_MAX_BYTES - 4, StandardCharsets.UTF_8);
    }

    public static String discord(Announcement a) {
        String content = line(a);
        if (content.length() > DISCORD_CONTENT_MAX) {
            content = content.substring(0, DISCORD_CONTENT_MAX - 1) + "…";
        }
        return "{\"content\":" + JsonText.string(content) + ",\"allowed_mentions\":{\"parse\":[]}}";
    }

    public static String slack(Announcement a) {
        String text = slackEscape(a.titleOrDefault()) + " is live now"
                + (a.viewerUrl() == null ? "." : ": <" + slackEscape(a.viewerUrl()) + ">");
        return "{\"text\":" + JsonText.string(text) + "}";
    }

    public static String json(Announcement a) {
        return "{\"event\":\"live\",\"title\":" + JsonText.nullable(a.title())
                + ",\"url\":" + JsonText.nullable(a.viewerUrl())
                + ",\"streamId\":" + JsonText.string(a.streamId())
                + ",\"startedAt\":" + JsonText.string(a.startedAt().truncatedTo(ChronoUnit.SECONDS).toString()) + "}";
    }

    public static String forFormat(String format, Announcement a) {
        return switch (format) {
            case "discord" -> discord(a);
            case "slack" -> slack(a);
            case "json" -> json(a);
            default -> throw new IllegalArgumentException("unknown webhook format " + format);
        };
    }

    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package onair.function.notify;

import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which webhooks are used, checked again at read time (the secret can be edited by hand, outside Terraform's
 * validation of {@code notification_webhooks}, which applies the same rules): a name of at most 64 plain characters,
 * a known format, and an {@code https://} URL with a host. The one exception is {@code http://} to a loopback
 * address (127.0.0.1, localhost, [::1]): the local platform's test receiver; on Lambda loopback is the function's own
 * sandbox, so it can reach nothing there.
 */
public final class WebhookRules {

    public static final Set<String> FORMATS = Set.of("discord", "slack", "json");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.-]{1,64}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private WebhookRules() {
    }

    /** Null when usable, else why not (never quoting the URL: it is a secret). */
    public static @Nullable String problem(Webhook w) {
        if (w == null) {
            return "an empty entry";
        }
        if (w.name() == null || !NAME.matcher(w.name()).matches()) {
            return "a name that is not 1-64 letters, digits, spaces, '_', '.' or '-'";
        }
        if (w.format() == null || !FORMATS.contains(w.format())) {
            return "webhook '" + w.name() + "': format must be one of discord, slack, json";
        }
        if (!urlUsable(w.url())) {
            return "webhook '" + w.name() + "': the URL is not https:// with a host (or http:// to loopback)";
        }
        return null;
    }

    static boolean urlUsable(@Nullable String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String host = u.getHost();
            if (host == null || host.isEmpty() || u.getRawFragment() != null) {
                return false;
            }
            return scheme.equals("https")
                    || (scheme.equals("http") && LOOPBACK.contains(host.toLowerCase(Locale.ROOT)));
        } catch (Exception notAUri) {
            return false;
        }
    }
}

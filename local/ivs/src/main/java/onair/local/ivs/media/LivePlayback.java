package onair.local.ivs.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import onair.local.ivs.api.Naming;
import onair.local.ivs.http.Http;

/**
 * The live playback origin: /api/video/v1/&lt;region&gt;.&lt;account&gt;.channel.&lt;id&gt;.m3u8 (multivariant), then
 * &lt;id&gt;/&lt;rendition&gt;/live.m3u8 (a sliding window of the last segments, like IVS's short live window)
 * and the segments. Open to any origin (CORS *) and never cached, like a live edge.
 */
public final class LivePlayback implements HttpHandler {

    static final int WINDOW_SEGMENTS = 6;
    private static final String BASE = "/api/video/v1/";
    private static final Pattern MULTIVARIANT = Pattern.compile("([a-z0-9-]+)\\.(\\d{12})\\.channel\\.([A-Za-z0-9]+)\\.m3u8");
    private static final Pattern VARIANT = Pattern.compile("([A-Za-z0-9]+)/([0-9]+p[0-9]+)/live\\.m3u8");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9]+)/([0-9]+p[0-9]+)/(seg[0-9]+\\.ts)");

    private final Broadcasts broadcasts;
    private final Naming naming;

    public LivePlayback(Broadcasts broadcasts, Naming naming) {
        this.broadcasts = broadcasts;
        this.naming = naming;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Access-Control-Allow-Origin", "*");
        h.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        h.set("Access-Control-Allow-Headers", "*");
        h.set("Cache-Control", "no-cache, no-store");
        String method = ex.getRequestMethod();
        if ("OPTIONS".equals(method)) {
            Http.send(ex, 204, null, new byte[0]);
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            Http.text(ex, 405, "GET only");
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith(BASE)) {
            Http.text(ex, 404, "not a playback path");
            return;
        }
        String rest = path.substring(BASE.length());
        Matcher m;
        if ((m = MULTIVARIANT.matcher(rest)).matches()) {
            multivariant(ex, m);
        } else if ((m = VARIANT.matcher(rest)).matches()) {
            variant(ex, m.group(1), m.group(2));
        } else if ((m = SEGMENT.matcher(rest)).matches()) {
            segment(ex, m.group(1), m.group(2), m.group(3));
        } else {
            Http.text(ex, 404, "not a playback path");
        }
    }

    private void multivariant(HttpExchange ex, Matcher m) throws IOException {
        String id = m.group(3);
        Optional<Broadcasts.Broadcast> b = broadcasts.broadcast(id);
        if (!m.group(1).equals(naming.region()) || !m.group(2).equals(naming.account()) || b.isEmpty()
                || !ready(b.get().transcoder())) {
            // IVS answers 404 for a channel that is not live (or not yet producing segments)
            Http.text(ex, 404, "channel is not live");
            return;
        }
        Transcoder t = b.get().transcoder();
        List<HlsPlaylist.Variant> variants = new java.util.ArrayList<>();
        for (Rendition r : t.renditions()) {
            String codecs = t.codecs(r);
            if (codecs == null) {
                Http.text(ex, 404, "channel is not live");
                return;
            }
            variants.add(new HlsPlaylist.Variant(r, t.bandwidth(r), codecs, id + "/" + r.name() + "/live.m3u8"));
        }
        countView(ex, b.get());
        String text = HlsPlaylist.multivariant(variants);
        Http.send(ex, 200, "application/vnd.apple.mpegurl", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A client fetching a live playlist is a view (GetStream viewerCount, see ViewerCount). */
    private void countView(HttpExchange ex, Broadcasts.Broadcast b) {
        broadcasts.viewers().fetched(b.streamId(), ex.getRemoteAddress().getAddress().getHostAddress(),
                ex.getRequestHeaders().getFirst("User-Agent"));
    }

    private static boolean ready(Transcoder t) throws IOException {
        return !t.renditions().isEmpty() && t.renditions().stream().allMatch(r -> {
            try {
                return !HlsPlaylist.read(t.playlist(r)).segments().isEmpty();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    private Optional<Rendition> rendition(Transcoder t, String name) {
        return t.renditions().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private void variant(HttpExchange ex, String id, String name) throws IOException {
        Optional<Broadcasts.Broadcast> b = broadcasts.broadcast(id);
        Optional<Rendition> r = b.flatMap(x -> rendition(x.transcoder(), name));
        if (r.isEmpty()) {
            Http.text(ex, 404, "channel is not live");
            return;
        }
        countView(ex, b.get());
        HlsPlaylist p = HlsPlaylist.read(b.get().transcoder().playlist(r.get()));
        List<HlsPlaylist.Segment> all = p.segments();
        List<HlsPlaylist.Segment> window = all.subList(Math.max(0, all.size() - WINDOW_SEGMENTS), all.size());
        String text = HlsPlaylist.render(p.targetDuration(), window, true, false);
        Http.send(ex, 200, "application/vnd.apple.mpegurl", text.getBytes(StandardCharsets.UTF_8));
    }

    private void segment(HttpExchange ex, String id, String name, String file) throws IOException {
        Optional<Broadcasts.Broadcast> b = broadcasts.broadcast(id);
        Optional<Rendition> r = b.flatMap(x -> rendition(x.transcoder(), name));
        Path p = r.map(x -> b.get().transcoder().playlist(x).resolveSibling(file)).orElse(null);
        if (p == null || !Files.isRegularFile(p)) {
            Http.text(ex, 404, "no such segment");
            return;
        }
        // timed metadata (PutMetadata) goes into the segment that was being written when it was accepted
        byte[] bytes = b.get().transcoder().metadata().inject(Files.readAllBytes(p), name, file);
        Http.send(ex, 200, "video/mp2t", bytes);
    }
}

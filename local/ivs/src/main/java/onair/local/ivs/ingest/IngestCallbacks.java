package onair.local.ivs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import onair.local.ivs.http.Http;
import onair.local.ivs.media.Broadcasts;

/**
 * nginx-rtmp's on_publish / on_publish_done callbacks (form-encoded POSTs; the stream key is "name").
 * 2xx lets the publisher in; 403 makes nginx close the connection, which is how a wrong key is refused.
 */
public final class IngestCallbacks implements HttpHandler {

    private final Broadcasts broadcasts;

    public IngestCallbacks(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String form;
        try (InputStream in = ex.getRequestBody()) {
            form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> params = Http.query(form);
        params.putAll(Http.query(ex.getRequestURI().getRawQuery()));
        String key = Http.first(params, "name");
        String app = Http.first(params, "app");
        switch (ex.getRequestURI().getPath()) {
            case "/_ingest/publish" -> {
                boolean ok = "app".equals(app) && broadcasts.publish(key);
                Http.text(ex, ok ? 200 : 403, ok ? "publish accepted" : "stream key refused");
            }
            case "/_ingest/done" -> {
                if (key != null) {
                    broadcasts.done(key);
                }
                Http.text(ex, 200, "ok");
            }
            default -> Http.text(ex, 404, "unknown ingest callback");
        }
    }
}

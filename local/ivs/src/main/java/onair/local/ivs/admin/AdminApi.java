package onair.local.ivs.admin;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import onair.local.ivs.api.Naming;
import onair.local.ivs.events.EventBridgePublisher;
import onair.local.ivs.http.Http;
import onair.local.ivs.media.Broadcasts;

/** Emulator-only endpoints for tests and operators, kept apart from the IVS API under /_emulator/. */
public final class AdminApi implements HttpHandler {

    private final ObjectMapper mapper;
    private final Naming naming;
    private final Broadcasts broadcasts;
    private final EventBridgePublisher events;
    private final BooleanSupplier ingestAlive;

    public AdminApi(ObjectMapper mapper, Naming naming, Broadcasts broadcasts, EventBridgePublisher events,
            BooleanSupplier ingestAlive) {
        this.mapper = mapper;
        this.naming = naming;
        this.broadcasts = broadcasts;
        this.events = events;
        this.ingestAlive = ingestAlive;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            Http.text(ex, 405, "GET only");
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        switch (ex.getRequestURI().getPath()) {
            case "/_emulator/health" -> {
                boolean ok = ingestAlive.getAsBoolean();
                out.put("status", ok ? "ok" : "ingest down");
                out.put("region", naming.region());
                out.put("account", naming.account());
                out.put("rtmpUrl", naming.rtmpUrl());
                out.put("playbackOrigin", "http://127.0.0.1:" + naming.playbackPort());
                out.put("liveStreams", broadcasts.broadcasts().size());
                Http.send(ex, ok ? 200 : 503, "application/json", mapper.writeValueAsBytes(out));
                return;
            }
            case "/_emulator/streams" -> {
                ArrayNode list = out.putArray("streams");
                for (Broadcasts.Broadcast b : broadcasts.broadcasts()) {
                    list.addObject().put("channelArn", b.channel().arn()).put("channelId", b.channel().id())
                            .put("streamId", b.streamId()).put("startTime", b.startTime().toString())
                            .put("playbackUrl", naming.playbackUrl(b.channel().id()))
                            .put("transcoderRunning", b.transcoder().running());
                }
            }
            case "/_emulator/events" -> events.recent().forEach(out.putArray("events")::add);
            default -> {
                Http.text(ex, 404, "unknown emulator endpoint (health, streams, events)");
                return;
            }
        }
        Http.send(ex, 200, "application/json", mapper.writeValueAsBytes(out));
    }
}

package onair.local.ivs.api;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Ids;
import onair.local.ivs.state.StateStore;
import onair.local.ivs.state.StreamKey;

/** CreateStreamKey, GetStreamKey, DeleteStreamKey, ListStreamKeys, BatchGetStreamKey. */
public final class StreamKeyOperations {

    private final StateStore store;
    private final Naming naming;
    private final Views views;

    public StreamKeyOperations(StateStore store, Naming naming, Views views) {
        this.store = store;
        this.naming = naming;
        this.views = views;
    }

    public void register(Map<String, Operation> routes) {
        routes.put("/CreateStreamKey", this::create);
        routes.put("/GetStreamKey", this::get);
        routes.put("/DeleteStreamKey", this::delete);
        routes.put("/ListStreamKeys", this::list);
        routes.put("/BatchGetStreamKey", this::batchGet);
    }

    StreamKey newKey(String channelArn, Map<String, String> tags) {
        String id = Ids.resourceId();
        StreamKey key = new StreamKey(id, naming.streamKeyArn(id), channelArn,
                "sk_" + naming.region() + "_" + Ids.alnum(36), Map.copyOf(tags));
        store.putStreamKey(key);
        return key;
    }

    private ObjectNode create(Body body) {
        String channelArn = body.requireText("channelArn");
        naming.idOf(channelArn, "channel");
        store.channel(channelArn).orElseThrow(() -> ApiException.notFound("channel not found: " + channelArn));
        if (!store.streamKeysOf(channelArn).isEmpty()) {
            // IVS: one key per channel; rotation is delete-then-create
            throw ApiException.quota("a channel has at most 1 stream key; delete the current key first");
        }
        ObjectNode out = views.object();
        out.set("streamKey", views.streamKey(newKey(channelArn, body.tags("tags"))));
        return out;
    }

    StreamKey existing(String arn) {
        naming.idOf(arn, "stream-key");
        return store.streamKey(arn).orElseThrow(() -> ApiException.notFound("stream key not found: " + arn));
    }

    private ObjectNode get(Body body) {
        ObjectNode out = views.object();
        out.set("streamKey", views.streamKey(existing(body.requireText("arn"))));
        return out;
    }

    private ObjectNode delete(Body body) {
        store.removeStreamKey(existing(body.requireText("arn")).arn());
        return null;
    }

    private ObjectNode list(Body body) {
        String channelArn = body.requireText("channelArn");
        naming.idOf(channelArn, "channel");
        store.channel(channelArn).orElseThrow(() -> ApiException.notFound("channel not found: " + channelArn));
        ObjectNode out = views.object();
        Pages.page(body, store.streamKeysOf(channelArn).stream().map(views::streamKeySummary).toList(),
                out, "streamKeys", 1);
        return out;
    }

    private ObjectNode batchGet(Body body) {
        ObjectNode out = views.object();
        var found = out.putArray("streamKeys");
        var errors = out.putArray("errors");
        for (String arn : body.strings("arns", java.util.List.of())) {
            var key = store.streamKey(arn);
            if (key.isPresent()) {
                found.add(views.streamKey(key.get()));
            } else {
                errors.addObject().put("arn", arn).put("code", "ResourceNotFoundException")
                        .put("message", "stream key not found");
            }
        }
        return out;
    }
}

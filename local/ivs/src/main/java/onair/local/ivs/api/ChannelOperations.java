package onair.local.ivs.api;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Channel;
import onair.local.ivs.state.Ids;
import onair.local.ivs.state.StateStore;
import onair.local.ivs.state.StreamKey;

/** CreateChannel, GetChannel, UpdateChannel, DeleteChannel, ListChannels. */
public final class ChannelOperations {

    static final Set<String> LATENCY = Set.of("LOW", "NORMAL");
    static final Set<String> TYPES = Set.of("BASIC", "STANDARD", "ADVANCED_SD", "ADVANCED_HD");
    static final Set<String> PRESETS = Set.of("", "HIGHER_BANDWIDTH_DELIVERY", "CONSTRAINED_BANDWIDTH_DELIVERY");

    private final StateStore store;
    private final Naming naming;
    private final Views views;
    private final LiveChannels live;
    private final StreamKeyOperations keys;

    public ChannelOperations(StateStore store, Naming naming, Views views, LiveChannels live, StreamKeyOperations keys) {
        this.store = store;
        this.naming = naming;
        this.views = views;
        this.live = live;
        this.keys = keys;
    }

    public void register(Map<String, Operation> routes) {
        routes.put("/CreateChannel", this::create);
        routes.put("/GetChannel", this::get);
        routes.put("/UpdateChannel", this::update);
        routes.put("/DeleteChannel", this::delete);
        routes.put("/ListChannels", this::list);
    }

    private ObjectNode create(Body body) {
        String id = Ids.resourceId();
        Channel c = new Channel(id, naming.channelArn(id),
                body.name("name", ""),
                body.oneOf("latencyMode", "LOW", LATENCY),
                body.oneOf("type", "STANDARD", TYPES),
                body.oneOf("preset", "", PRESETS),
                recordingConfiguration(body.text("recordingConfigurationArn", "")),
                body.bool("authorized", false),
                body.bool("insecureIngest", false),
                body.text("playbackRestrictionPolicyArn", ""),
                body.oneOf("containerFormat", "TS", Set.of("TS", "FRAGMENTED_MP4")),
                Ids.alnum(32),
                Map.copyOf(body.tags("tags")));
        store.putChannel(c);
        // like IVS, a new channel comes with its one stream key
        StreamKey key = keys.newKey(c.arn(), Map.of());
        ObjectNode out = views.object();
        out.set("channel", views.channel(c));
        out.set("streamKey", views.streamKey(key));
        return out;
    }

    private String recordingConfiguration(String arn) {
        if (!arn.isEmpty()) {
            naming.idOf(arn, "recording-configuration");
            store.recordingConfiguration(arn).orElseThrow(
                    () -> ApiException.notFound("recording configuration not found: " + arn));
        }
        return arn;
    }

    Channel existing(String arn) {
        naming.idOf(arn, "channel");
        return store.channel(arn).orElseThrow(() -> ApiException.notFound("channel not found: " + arn));
    }

    private ObjectNode get(Body body) {
        ObjectNode out = views.object();
        out.set("channel", views.channel(existing(body.requireText("arn"))));
        return out;
    }

    private ObjectNode update(Body body) {
        Channel c = existing(body.requireText("arn"));
        if (live.stream(c.arn()).isPresent()) {
            throw ApiException.conflict("channel is live; stop the stream before updating it");
        }
        Channel updated = new Channel(c.id(), c.arn(),
                body.name("name", c.name()),
                body.oneOf("latencyMode", c.latencyMode(), LATENCY),
                body.oneOf("type", c.type(), TYPES),
                body.oneOf("preset", c.preset(), PRESETS),
                recordingConfiguration(body.text("recordingConfigurationArn", c.recordingConfigurationArn())),
                body.bool("authorized", c.authorized()),
                body.bool("insecureIngest", c.insecureIngest()),
                body.text("playbackRestrictionPolicyArn", c.playbackRestrictionPolicyArn()),
                body.oneOf("containerFormat", c.containerFormat(), Set.of("TS", "FRAGMENTED_MP4")),
                c.srtPassphrase(),
                c.tags());
        store.putChannel(updated);
        ObjectNode out = views.object();
        out.set("channel", views.channel(updated));
        return out;
    }

    private ObjectNode delete(Body body) {
        Channel c = existing(body.requireText("arn"));
        if (live.stream(c.arn()).isPresent()) {
            throw ApiException.conflict("channel is live; stop the stream before deleting it");
        }
        store.removeChannel(c.arn());
        return null;
    }

    private ObjectNode list(Body body) {
        String byName = body.text("filterByName", "");
        String byRecording = body.text("filterByRecordingConfigurationArn", "");
        var items = store.channels().stream()
                .filter(c -> byName.isEmpty() || c.name().equals(byName))
                .filter(c -> byRecording.isEmpty() || c.recordingConfigurationArn().equals(byRecording))
                .map(views::channelSummary).toList();
        ObjectNode out = views.object();
        Pages.page(body, items, out, "channels", 50);
        return out;
    }
}

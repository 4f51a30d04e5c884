package onair.local.ivs.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.Ids;
import onair.local.ivs.state.RecordingConfiguration;
import onair.local.ivs.state.StateStore;

/** Create/Get/Delete/ListRecordingConfigurations. */
public final class RecordingConfigurationOperations {

    private static final Set<String> STORAGE = Set.of("SEQUENTIAL", "LATEST");

    private final StateStore store;
    private final Naming naming;
    private final Views views;

    public RecordingConfigurationOperations(StateStore store, Naming naming, Views views) {
        this.store = store;
        this.naming = naming;
        this.views = views;
    }

    public void register(Map<String, Operation> routes) {
        routes.put("/CreateRecordingConfiguration", this::create);
        routes.put("/GetRecordingConfiguration", this::get);
        routes.put("/DeleteRecordingConfiguration", this::delete);
        routes.put("/ListRecordingConfigurations", this::list);
    }

    private ObjectNode create(Body body) {
        String bucket = body.object("destinationConfiguration").object("s3").requireText("bucketName");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw ApiException.validation("destinationConfiguration.s3.bucketName '" + bucket + "' is not a bucket name");
        }
        Body rendition = body.object("renditionConfiguration");
        Body thumbs = body.object("thumbnailConfiguration");
        List<String> storage = thumbs.strings("storage", List.of("SEQUENTIAL"));
        if (!STORAGE.containsAll(storage)) {
            throw ApiException.validation("thumbnailConfiguration.storage must hold SEQUENTIAL and/or LATEST");
        }
        String id = Ids.resourceId();
        RecordingConfiguration r = new RecordingConfiguration(id, naming.recordingConfigurationArn(id),
                body.name("name", ""),
                bucket,
                (int) body.integer("recordingReconnectWindowSeconds", 0, 0, 300),
                rendition.oneOf("renditionSelection", "ALL", Set.of("ALL", "NONE", "CUSTOM")),
                rendition.strings("renditions", List.of()),
                thumbs.oneOf("recordingMode", "INTERVAL", Set.of("INTERVAL", "DISABLED")),
                thumbs.integer("targetIntervalSeconds", 60, 1, 60),
                thumbs.oneOf("resolution", "", Set.of("", "SD", "HD", "FULL_HD", "LOWEST_RESOLUTION")),
                storage,
                Map.copyOf(body.tags("tags")));
        store.putRecordingConfiguration(r);
        ObjectNode out = views.object();
        out.set("recordingConfiguration", views.recordingConfiguration(r));
        return out;
    }

    private RecordingConfiguration existing(String arn) {
        naming.idOf(arn, "recording-configuration");
        return store.recordingConfiguration(arn)
                .orElseThrow(() -> ApiException.notFound("recording configuration not found: " + arn));
    }

    private ObjectNode get(Body body) {
        ObjectNode out = views.object();
        out.set("recordingConfiguration", views.recordingConfiguration(existing(body.requireText("arn"))));
        return out;
    }

    private ObjectNode delete(Body body) {
        RecordingConfiguration r = existing(body.requireText("arn"));
        if (store.channels().stream().anyMatch(c -> c.recordingConfigurationArn().equals(r.arn()))) {
            throw ApiException.conflict("recording configuration is used by a channel; detach it first");
        }
        store.removeRecordingConfiguration(r.arn());
        return null;
    }

    private ObjectNode list(Body body) {
        ObjectNode out = views.object();
        Pages.page(body, store.recordingConfigurations().stream().map(views::recordingConfigurationSummary).toList(),
                out, "recordingConfigurations", 50);
        return out;
    }
}

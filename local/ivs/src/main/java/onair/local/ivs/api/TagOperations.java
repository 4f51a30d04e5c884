package onair.local.ivs.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import onair.local.ivs.state.StateStore;

/** TagResource (POST), UntagResource (DELETE ?tagKeys=), ListTagsForResource (GET) on /tags/{resourceArn}. */
public final class TagOperations {

    private final StateStore store;
    private final Views views;

    public TagOperations(StateStore store, Views views) {
        this.store = store;
        this.views = views;
    }

    public ObjectNode handle(String method, String arn, Body body, List<String> tagKeys) {
        Map<String, String> current = tagsOf(arn);
        switch (method) {
            case "GET" -> {
                ObjectNode out = views.object();
                ObjectNode tags = out.putObject("tags");
                current.forEach(tags::put);
                return out;
            }
            case "POST" -> {
                Map<String, String> merged = new LinkedHashMap<>(current);
                merged.putAll(body.tags("tags"));
                if (merged.size() > 50) {
                    throw ApiException.validation("at most 50 tags per resource");
                }
                setTags(arn, merged);
                return views.object();
            }
            case "DELETE" -> {
                if (tagKeys.isEmpty()) {
                    throw ApiException.validation("tagKeys is required");
                }
                Map<String, String> left = new LinkedHashMap<>(current);
                tagKeys.forEach(left::remove);
                setTags(arn, left);
                return views.object();
            }
            default -> throw new ApiException(405, "MethodNotAllowedException", "use GET, POST or DELETE on /tags/{arn}");
        }
    }

    private Map<String, String> tagsOf(String arn) {
        return store.channel(arn).map(c -> c.tags())
                .or(() -> store.streamKey(arn).map(k -> k.tags()))
                .or(() -> store.recordingConfiguration(arn).map(r -> r.tags()))
                .orElseThrow(() -> ApiException.notFound("resource not found: " + arn));
    }

    private void setTags(String arn, Map<String, String> tags) {
        store.channel(arn).ifPresent(c -> store.putChannel(c.withTags(tags)));
        store.streamKey(arn).ifPresent(k -> store.putStreamKey(k.withTags(tags)));
        store.recordingConfiguration(arn).ifPresent(r -> store.putRecordingConfiguration(r.withTags(tags)));
    }
}

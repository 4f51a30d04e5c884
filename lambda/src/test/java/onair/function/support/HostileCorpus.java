package onair.function.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hostile-event corpus (src/test/resources/events/hostile/corpus.json), rendered for one channel and one moment.
 * local/e2e/lib/hostile.mjs renders the same file the same way for the running platform.
 */
public final class HostileCorpus {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One event to send: its name and the exact body. */
    public record Entry(String name, String body) {
    }

    /** What the placeholders stand for. */
    public record Context(Instant now, String channelArn, String bucket, String liveStreamId, String prefix) {

        Map<String, String> values() {
            String[] arn = channelArn.split(":");
            String channelId = arn[5].substring("channel/".length());
            ZonedDateTime t = now.atZone(ZoneOffset.UTC);
            String datePath = t.getYear() + "/" + t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + t.getHour()
                    + "/" + t.getMinute();
            Map<String, String> v = new LinkedHashMap<>();
            v.put("time", now.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
            v.put("future", now.plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString());
            v.put("account", arn[4]);
            v.put("region", arn[3]);
            v.put("channelArn", channelArn);
            v.put("channelId", channelId);
            v.put("bucket", bucket);
            v.put("liveStreamId", liveStreamId);
            v.put("newStreamId", "st-" + alnum(23));
            v.put("prefix", prefix);
            v.put("datePath", datePath);
            v.put("newPrefix", "ivs/v1/" + arn[4] + "/" + channelId + "/" + datePath + "/" + alnum(12));
            return v;
        }
    }

    private final JsonNode doc;

    public HostileCorpus() {
        try {
            doc = MAPPER.readTree(Fixtures.resource("/events/hostile/corpus.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every hostile event. */
    public List<Entry> events(Context ctx) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : doc.get("events")) {
            String name = e.get("name").asText();
            if (e.has("raw")) {
                out.add(new Entry(name, fill(e.get("raw").asText(), ctx)));
                continue;
            }
            ObjectNode event = doc.get("bases").get(e.get("base").asText()).deepCopy();
            e.path("set").fields().forEachRemaining(f -> set(event, f.getKey(), expand(f.getValue())));
            e.path("remove").forEach(p -> remove(event, p.asText()));
            out.add(new Entry(name, fill(event.toString(), ctx)));
        }
        return out;
    }

    /** The base events as they are: each is valid and changes the document (the corpus's control). */
    public Map<String, String> bases(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        doc.get("bases").fields().forEachRemaining(f -> out.put(f.getKey(), fill(f.getValue().toString(), ctx)));
        return out;
    }

    private static String fill(String text, Context ctx) {
        String s = text.replaceAll("\"@@number:([-+.eE0-9]+)@@\"", "$1");
        for (Map.Entry<String, String> v : ctx.values().entrySet()) {
            s = s.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        while (s.contains("{{id}}")) {
            s = s.replaceFirst("\\{\\{id}}", UUID.randomUUID().toString());
        }
        return s;
    }

    private static JsonNode expand(JsonNode v) {
        if (v.isObject() && v.has("$number")) {
            return TextNode.valueOf("@@number:" + v.get("$number").asText() + "@@");
        }
        if (v.isObject() && v.has("$repeat")) {
            int times = v.get("$times").asInt();
            if (v.path("$array").asBoolean(false)) {
                ArrayNode a = MAPPER.createArrayNode();
                for (int i = 0; i < times; i++) {
                    a.add(v.get("$repeat").deepCopy());
                }
                return a;
            }
            return TextNode.valueOf(v.get("$repeat").asText().repeat(times));
        }
        return v;
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        ContainerNode<?> parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ContainerNode<?>) parent.get(parts[i]);
        }
        ((ObjectNode) parent).set(parts[parts.length - 1], value);
    }

    private static void remove(ObjectNode root, String pointer) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.get(parts[i]);
        }
        ((ObjectNode) parent).remove(parts[parts.length - 1]);
    }

    private static String alnum(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        Iterator<Integer> r = new java.util.Random().ints(n, 0, chars.length()).iterator();
        while (r.hasNext()) {
            sb.append(chars.charAt(r.next()));
        }
        return sb.toString();
    }
}

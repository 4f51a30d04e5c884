package onair.local.ivs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares a recording metadata file the emulator wrote with AWS's sample of the same file
 * (src/test/resources/aws-docs/record-to-s3/, from the record-to-S3 page): every path of the sample must be
 * there with the same JSON type and, where the value is fixed by the layout, the same value; and nothing may
 * be there that none of AWS's samples has.
 */
final class RecordingMetadataShape {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLES = List.of("recording-started.json", "recording-ended.json", "recording-failed.json");
    /** Values the layout fixes (the rest, such as ARNs and dates, differ per recording). */
    private static final List<String> FIXED = List.of("version", "media.hls.path", "media.hls.playlist",
            "media.hls.byte_range_playlist", "media.hls.renditions[].playlist", "media.hls.renditions[].byte_range_playlist",
            "media.thumbnails.path", "media.latest_thumbnail.path", "recording_status");

    private RecordingMetadataShape() {
    }

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = RecordingMetadataShape.class.getResourceAsStream("/aws-docs/record-to-s3/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return JSON.readTree(in);
        }
    }

    /** Problems of actual against the named sample; conditional parts absent from actual are listed in absentOk. */
    static List<String> compare(String sampleName, JsonNode actual, List<String> absentOk) throws IOException {
        Map<String, JsonNode> want = flatten(sample(sampleName));
        Map<String, JsonNode> got = flatten(actual);
        Map<String, JsonNode> documented = new TreeMap<>();
        for (String s : SAMPLES) {
            documented.putAll(flatten(sample(s)));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : want.entrySet()) {
            String path = e.getKey();
            JsonNode g = got.get(path);
            if (g == null) {
                if (absentOk.stream().noneMatch(path::startsWith)) {
                    problems.add(sampleName + ": " + path + " is missing");
                }
                continue;
            }
            if (g.getNodeType() != e.getValue().getNodeType()) {
                problems.add(sampleName + ": " + path + " is " + g.getNodeType() + ", AWS's sample has " + e.getValue().getNodeType());
            } else if (FIXED.contains(path) && !g.equals(e.getValue())) {
                problems.add(sampleName + ": " + path + " is " + g + ", AWS's sample has " + e.getValue());
            }
        }
        for (String path : got.keySet()) {
            if (!documented.containsKey(path)) {
                problems.add(sampleName + ": " + path + " is in none of AWS's samples");
            }
        }
        return problems;
    }

    /** Leaf paths like media.hls.renditions[].path (array elements merged). */
    private static Map<String, JsonNode> flatten(JsonNode n) {
        Map<String, JsonNode> out = new TreeMap<>();
        walk("", n, out);
        return out;
    }

    private static void walk(String path, JsonNode n, Map<String, JsonNode> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            n.forEach(e -> walk(path + "[]", e, out));
        } else {
            out.put(path, n);
        }
    }
}

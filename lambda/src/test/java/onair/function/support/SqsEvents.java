package onair.function.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * SQS batches as Lambda's SQS event source mapping sends them: AWS's sample FIFO record
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, sqs/fifo-record.json) with our id and body.
 */
public final class SqsEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {
    }

    /** One record per body, message ids m1, m2, ... in order. A null id leaves messageId out. */
    public static String batch(List<String> bodies) {
        String[] ids = new String[bodies.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "m" + (i + 1);
        }
        return batch(bodies, ids);
    }

    public static String batch(List<String> bodies, String... ids) {
        try {
            ObjectNode event = JSON.createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (int i = 0; i < bodies.size(); i++) {
                ObjectNode r = (ObjectNode) JSON.readTree(Fixtures.resource("/sqs/fifo-record.json"));
                if (ids[i] == null) {
                    r.remove("messageId");
                } else {
                    r.put("messageId", ids[i]);
                }
                r.put("body", bodies.get(i));
                records.add(r);
            }
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The itemIdentifiers of a partial batch response, in order. */
    public static List<String> failures(String response) {
        try {
            var node = JSON.readTree(response);
            if (!node.has("batchItemFailures") || !node.get("batchItemFailures").isArray()) {
                throw new AssertionError("not a partial batch response: " + response);
            }
            return java.util.stream.StreamSupport.stream(node.get("batchItemFailures").spliterator(), false)
                    .map(f -> f.get("itemIdentifier").asText()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

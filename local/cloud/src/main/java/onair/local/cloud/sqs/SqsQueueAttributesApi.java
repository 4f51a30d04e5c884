package onair.local.cloud.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import onair.local.cloud.aws.Json;
import onair.local.cloud.aws.MotoForwarder;

/**
 * SQS SetQueueAttributes and GetQueueAttributes (JSON protocol, {@code X-Amz-Target: AmazonSQS.*}, the only protocol
 * of botocore's sqs 2012-11-05 model) as AWS documents them, over moto 5.2.1 which differs in two ways:
 * <ul>
 * <li>SetQueueAttributes changes only the attributes in the request
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html: "Sets the
 * value of one or more queue attributes"; the request's {@code Attributes} is "A map of attributes to set").
 * moto's {@code Queue._set_attributes} ends with {@code self.policy = attributes.get("Policy")}, so a request
 * without {@code Policy} (Terraform's aws_sqs_queue update of {@code redrive_policy}) deleted the queue policy, and
 * EventBridge could no longer deliver to the queue. The gateway adds the queue's current {@code Policy} to such a
 * request before moto sees it (moto keeps every other attribute itself).</li>
 * <li>GetQueueAttributes returns {@code Policy}, {@code RedrivePolicy} and {@code RedriveAllowPolicy} as the JSON
 * string that was set (the API reference's examples show them compact, e.g.
 * {@code "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:...\",\"maxReceiveCount\":1000}"},
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html). moto parses
 * them and answers Python's {@code json.dumps} (", " and ": " separators), which Terraform saw as a
 * whitespace change of {@code redrive_policy} on every plan. The gateway writes them back compact, in moto's
 * (= the request's) key order; clients send compact JSON (Terraform's jsonencode, the provider's normalised policy),
 * so this is the string they set.</li>
 * </ul>
 * Other SQS operations are forwarded unchanged.
 */
public final class SqsQueueAttributesApi {
    static final String SET = "AmazonSQS.SetQueueAttributes";
    static final String GET = "AmazonSQS.GetQueueAttributes";
    /** The attributes whose value is a JSON document (botocore sqs QueueAttributeName; SetQueueAttributes doc). */
    static final Set<String> JSON_ATTRIBUTES = Set.of("Policy", "RedrivePolicy", "RedriveAllowPolicy");

    private final MotoForwarder moto;

    public SqsQueueAttributesApi(MotoForwarder moto) {
        this.moto = moto;
    }

    public static boolean handles(String target) {
        return SET.equals(target) || GET.equals(target);
    }

    public void handle(HttpExchange exchange, String target, byte[] body) throws IOException {
        if (SET.equals(target)) {
            set(exchange, body);
        } else {
            get(exchange, body);
        }
    }

    private void set(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = parseOrNull(body);
        if (request == null || !request.path("Attributes").isObject() || !request.path("QueueUrl").isTextual()
                || request.path("Attributes").has("Policy")) {
            moto.forward(exchange, body); // moto answers malformed requests with its own errors
            return;
        }
        ObjectNode query = Json.object();
        query.put("QueueUrl", request.get("QueueUrl").asText());
        query.putArray("AttributeNames").add("Policy");
        MotoForwarder.Response current = moto.call(exchange, GET, Json.write(query).getBytes(StandardCharsets.UTF_8));
        if (current == null) {
            return; // moto unreachable: the 502 was sent
        }
        if (current.status() != 200) {
            moto.reply(exchange, current); // e.g. AWS.SimpleQueueService.NonExistentQueue
            return;
        }
        JsonNode answer = parseOrNull(current.body());
        JsonNode policy = answer == null ? null : answer.path("Attributes").get("Policy");
        byte[] forwarded = body;
        if (policy != null && policy.isTextual() && !policy.asText().isEmpty()) {
            ObjectNode merged = ((ObjectNode) request).deepCopy();
            ((ObjectNode) merged.get("Attributes")).put("Policy", policy.asText());
            forwarded = Json.write(merged).getBytes(StandardCharsets.UTF_8);
        }
        moto.forward(exchange, forwarded);
    }

    private void get(HttpExchange exchange, byte[] body) throws IOException {
        MotoForwarder.Response r = moto.call(exchange, body);
        if (r == null) {
            return;
        }
        moto.reply(exchange, r.status() == 200 ? new MotoForwarder.Response(r.status(), r.headers(), compact(r.body()))
                : r);
    }

    /** GetQueueAttributes' answer with its JSON-valued attributes written compact (unchanged if not JSON). */
    static byte[] compact(byte[] answer) {
        JsonNode root = parseOrNull(answer);
        if (root == null || !root.path("Attributes").isObject()) {
            return answer;
        }
        ObjectNode attributes = (ObjectNode) root.get("Attributes");
        boolean changed = false;
        for (String name : JSON_ATTRIBUTES) {
            JsonNode value = attributes.get(name);
            JsonNode document = value == null || !value.isTextual() ? null : parseOrNull(
                    value.asText().getBytes(StandardCharsets.UTF_8));
            if (document != null) {
                attributes.put(name, Json.write(document));
                changed = true;
            }
        }
        return changed ? Json.write(root).getBytes(StandardCharsets.UTF_8) : answer;
    }

    private static JsonNode parseOrNull(byte[] bytes) {
        try {
            return bytes == null || bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}

package onair.local.cloud.lambda.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import onair.local.cloud.aws.Json;
import onair.local.cloud.lambda.InvokeResult;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's on-failure destination for asynchronous invocations: the event, the error and the invoke context
 * in one record (the documented "RetriesExhausted" shape), sent to an SQS queue in moto. Only SQS destinations
 * are delivered locally; that is the one the OnAir stack uses.
 */
public final class FailureDestination {
    private final SqsClient sqs;

    public FailureDestination(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Sends the record; raises IllegalArgumentException for a destination that is not an SQS queue ARN. */
    void send(String destinationArn, String functionArn, String requestId, String condition, int invokeCount,
              byte[] payload, InvokeResult last) {
        String[] arn = destinationArn.split(":");
        if (arn.length != 6 || !arn[2].equals("sqs")) {
            throw new IllegalArgumentException("only SQS on-failure destinations are delivered locally: " + destinationArn);
        }
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(Json.write(record(functionArn, requestId, condition,
                invokeCount, payload, last))));
    }

    /**
     * {@code condition}: "RetriesExhausted" or "EventAgeExceeded" (the two conditions of Lambda's invocation record,
     * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html); {@code last} is null when
     * the event never ran (throttled until its maximum age): the record then has no response part.
     */
    static ObjectNode record(String functionArn, String requestId, String condition, int invokeCount, byte[] payload,
                             InvokeResult last) {
        ObjectNode record = Json.object();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode context = record.putObject("requestContext");
        context.put("requestId", requestId);
        context.put("functionArn", functionArn);
        context.put("condition", condition);
        context.put("approximateInvokeCount", invokeCount);
        record.set("requestPayload", jsonOrText(payload));
        if (last == null) {
            return record;
        }
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", last.executedVersion());
        response.put("functionError", last.functionError());
        record.set("responsePayload", jsonOrText(last.payload()));
        return record;
    }

    /** The payload as JSON when it is JSON (an EventBridge event is), else as a string. */
    private static JsonNode jsonOrText(byte[] bytes) {
        try {
            JsonNode node = Json.parse(bytes);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IllegalArgumentException notJson) {
            // fall through
        }
        return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
    }
}

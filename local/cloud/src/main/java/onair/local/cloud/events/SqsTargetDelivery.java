package onair.local.cloud.events;

import java.util.Map;
import onair.local.cloud.aws.ResourcePolicy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * EventBridge's SQS target: one SendMessage per event to the queue in moto, after the checks EventBridge's
 * delivery would fail on (each one a silent loss in AWS, so each is a clear refusal here):
 * - the queue policy must let {@code events.amazonaws.com} {@code sqs:SendMessage} with {@code aws:SourceArn} =
 *   the rule (EventBridge uses the queue's resource policy for SQS targets:
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions);
 * - a FIFO queue needs the target's MessageGroupId and content-based deduplication ("If you specify an SQS FIFO
 *   queue as a target, the queue must have content-based deduplication enabled",
 *   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html);
 * - the queue must not be encrypted with the AWS managed key alias/aws/sqs: EventBridge needs kms:GenerateDataKey
 *   on the key and that key's policy cannot be changed to grant it
 *   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
 * EventBridge sends the event JSON (or the target's constant Input) as the message body.
 */
public final class SqsTargetDelivery {
    private final SqsClient sqs;
    private final String account;

    public SqsTargetDelivery(SqsClient sqs, String account) {
        this.sqs = sqs;
        this.account = account;
    }

    /** Sends the body; returns the SQS message id. A delivery EventBridge would fail raises IllegalStateException. */
    String send(String ruleArn, String queueArn, String messageGroupId, String body) {
        String[] arn = queueArn.split(":");
        if (arn.length != 6 || !arn[2].equals("sqs")) {
            throw new IllegalStateException("not an SQS queue ARN: " + queueArn);
        }
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).queueUrl();
        Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        String kmsKey = attributes.getOrDefault("KmsMasterKeyId", "");
        if (kmsKey.equals("alias/aws/sqs") || kmsKey.endsWith(":alias/aws/sqs")) {
            throw new IllegalStateException("the queue is encrypted with the AWS managed key alias/aws/sqs, which "
                    + "EventBridge cannot use (its key policy cannot grant events.amazonaws.com kms:GenerateDataKey)");
        }
        ResourcePolicy policy = new ResourcePolicy(attributes.get("Policy"));
        if (!policy.allowsService("events.amazonaws.com", "sqs:SendMessage", queueArn,
                Map.of("aws:SourceArn", ruleArn, "aws:SourceAccount", account))) {
            throw new IllegalStateException("the queue policy does not allow events.amazonaws.com sqs:SendMessage "
                    + "from " + ruleArn);
        }
        boolean fifo = "true".equals(attributes.get("FifoQueue"));
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body);
        if (fifo) {
            if (messageGroupId == null || messageGroupId.isEmpty()) {
                throw new IllegalStateException("a FIFO queue target needs SqsParameters.MessageGroupId");
            }
            if (!"true".equals(attributes.get("ContentBasedDeduplication"))) {
                throw new IllegalStateException("a FIFO queue target must have content-based deduplication enabled");
            }
            // no deduplication id: SQS derives it from the body (each event's JSON carries its own id)
            request.messageGroupId(messageGroupId);
        }
        return sqs.sendMessage(request.build()).messageId();
    }
}

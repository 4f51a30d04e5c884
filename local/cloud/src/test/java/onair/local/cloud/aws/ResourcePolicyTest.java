package onair.local.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue-policy check EventBridge delivery makes, on the statement terraform/modules/function writes. */
class ResourcePolicyTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:onair-events.fifo";
    private static final String RULE = "arn:aws:events:us-east-1:123456789012:rule/onair-stream-state";
    private static final Map<String, String> CONTEXT = Map.of("aws:SourceArn", RULE, "aws:SourceAccount", "123456789012");

    private static String policy(String statement) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    private static final String STACK = "{\"Sid\":\"EventBridgeRulesOfThisStack\",\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\","
            + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":[\"" + RULE + "\",\"arn:aws:events:us-east-1:123456789012:rule/onair-recording-state\"]}}}";

    @Test
    void theStacksStatementAllowsItsRulesOnly() {
        ResourcePolicy p = new ResourcePolicy(policy(STACK));
        assertTrue(p.allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
        assertFalse(p.allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE,
                Map.of("aws:SourceArn", "arn:aws:events:us-east-1:999999999999:rule/other")));
        assertFalse(p.allowsService("sns.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
        assertFalse(p.allowsService("events.amazonaws.com", "sqs:DeleteMessage", QUEUE, CONTEXT));
        assertFalse(p.allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE + "x", CONTEXT));
    }

    @Test
    void noPolicyOrUnknownConditionsGrantNothingAndDenyWins() {
        assertFalse(new ResourcePolicy(null).allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
        assertFalse(new ResourcePolicy(policy(STACK.replace("ArnEquals", "DateGreaterThan")))
                .allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}";
        assertFalse(new ResourcePolicy(policy(STACK + "," + deny))
                .allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
        String wide = "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"events.amazonaws.com\"]},"
                + "\"Action\":[\"SQS:Send*\"],\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:*\"}";
        assertTrue(new ResourcePolicy(policy(wide)).allowsService("events.amazonaws.com", "sqs:SendMessage", QUEUE, CONTEXT));
    }
}

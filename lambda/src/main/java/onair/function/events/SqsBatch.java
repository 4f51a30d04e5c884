package onair.function.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The event Lambda's SQS event source mapping sends: up to 10 queue messages, oldest first within a message group.
 * Only the fields the events function reads; the shape is AWS's sample event
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). Each {@code body} is one EventBridge event.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsBatch(@Nullable @JsonProperty("Records") List<Message> records) {

    /** One queue message. {@code messageId} is what a partial batch response names. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            @Nullable String messageId,
            @Nullable String body,
            @Nullable String eventSource,
            @Nullable Map<String, String> attributes) {

        /** ApproximateReceiveCount (how often SQS handed this message out), for the log line. */
        String receiveCount() {
            return attributes == null ? "?" : attributes.getOrDefault("ApproximateReceiveCount", "?");
        }
    }
}

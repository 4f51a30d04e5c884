package onair.function.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A partial batch response (the event source mapping has {@code ReportBatchItemFailures}): the messages Lambda must
 * leave on the queue; every other message of the batch is deleted. An empty list means all succeeded.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
@Serdeable
public record SqsBatchResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<ItemFailure> batchItemFailures) {

    @Serdeable
    public record ItemFailure(String itemIdentifier) {
    }
}

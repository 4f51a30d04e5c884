package onair.function.status;

import io.micronaut.serde.annotation.Serdeable;

/** Every error the API returns: a stable code and a human message, never a stack trace. */
@Serdeable
public record ErrorBody(String error, String message) {
}

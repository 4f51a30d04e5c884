package onair.function.events;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What the events function did with one event (also its invocation result, handy when invoking by hand).
 *
 * @param outcome "applied", "ignored" or "dropped"
 * @param detail  the one-line reason that was logged
 */
@Serdeable
public record EventOutcome(String outcome, String detail) {
}

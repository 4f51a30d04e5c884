package onair.function.events;

import onair.function.state.IvsEvent;

/** Either an event to apply or the one-line reason it is dropped. */
public sealed interface ParsedEvent {

    record Accepted(IvsEvent event) implements ParsedEvent {
    }

    /** Dropped without retry: malformed JSON, another source or channel, or an IVS event with no state effect. */
    record Rejected(String reason) implements ParsedEvent {
    }
}

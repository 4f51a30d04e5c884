package onair.function.state;

/**
 * The result of offering one event to the state machine.
 *
 * @param state   the state to keep (the old one when ignored)
 * @param changed whether it must be written
 * @param reason  one line for the log: what was applied or why the event was ignored
 */
public record Decision(StreamState state, boolean changed, String reason) {

    static Decision ignore(StreamState state, String reason) {
        return new Decision(state, false, "ignored: " + reason);
    }

    static Decision apply(StreamState state, String reason) {
        return new Decision(state, true, "applied: " + reason);
    }
}

package onair.function.status;

/** SSM could not be read and this instance has no earlier state to serve. */
public class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(Throwable cause) {
        super("stream state unavailable: " + cause.getMessage(), cause);
    }
}

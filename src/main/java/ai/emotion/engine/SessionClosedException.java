package ai.emotion.engine;

/** A run asked of a session that is closed: its version was retired, or the service is stopping. */
public class SessionClosedException extends RuntimeException {
    public SessionClosedException(String message) {
        super(message, null, false, false);
    }
}

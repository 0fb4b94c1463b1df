package ai.emotion.engine;

/** The engine failed on input that passed validation: a server-side fault, not the caller's. */
public class InferenceException extends RuntimeException {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}

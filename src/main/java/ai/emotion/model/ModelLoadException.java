package ai.emotion.model;

/** A model folder that cannot be served; the message names the file. Startup fails on it. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelLoadException(String message) {
        super(message);
    }
}

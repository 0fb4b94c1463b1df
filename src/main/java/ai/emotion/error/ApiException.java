package ai.emotion.error;

/**
 * A request the service refuses, with a stable code and a message that names the problem for the caller. It
 * carries no HTTP status: the edge maps codes to statuses (api.ErrorAnswers).
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a fault
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorBody body() {
        return new ErrorBody(getMessage(), code.name());
    }
}

package ai.emotion.error;

/** Stable error codes of the API, each with the HTTP status it answers with. */
public enum ErrorCode {
    BAD_JSON(400),
    MISSING_IMAGE(400),
    BAD_BASE64(400),
    UNDECODABLE_IMAGE(400),
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    PAYLOAD_TOO_LARGE(413),
    IMAGE_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNKNOWN_MODEL_VERSION(422),
    NOT_READY(503),
    /** The model's batch queue is full: retry after the Retry-After header's seconds. */
    OVERLOADED(503),
    /** The result did not come within the configured per-request timeout. */
    INFERENCE_TIMEOUT(504),
    INTERNAL(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Seconds for a Retry-After header, or 0 when a retry will not help by itself. */
    public int retryAfterSeconds() {
        return this == OVERLOADED || this == NOT_READY ? 1 : 0;
    }

    /** The code a bare HTTP status from the framework (body limit, routing, media type) stands for. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> NOT_READY;
            default -> INTERNAL;
        };
    }
}

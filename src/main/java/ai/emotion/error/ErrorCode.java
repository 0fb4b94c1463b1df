package ai.emotion.error;

/** Stable error codes of the API; the edge (api.ErrorAnswers) gives each its HTTP status. */
public enum ErrorCode {
    BAD_JSON,
    MISSING_IMAGE,
    BAD_BASE64,
    UNDECODABLE_IMAGE,
    /** Not a video the decoder reads (container or codec), truncated, or without a frame. */
    UNDECODABLE_VIDEO,
    BAD_REQUEST,
    /** The body did not arrive (or a multipart body did not end) within quarkus.http.read-timeout. */
    BODY_TIMEOUT,
    UNAUTHORIZED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    /** An Expect header other than 100-continue (HTTP: 417). */
    EXPECTATION_FAILED,
    PAYLOAD_TOO_LARGE,
    URI_TOO_LONG,
    HEADERS_TOO_LARGE,
    IMAGE_TOO_LARGE,
    /** Over a video limit: bytes, duration, frame size or analysed frames (the message names it). */
    VIDEO_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    UNKNOWN_MODEL_VERSION,
    /** Too many wrong credentials from this client: wait for the Retry-After header's seconds. */
    TOO_MANY_ATTEMPTS,
    /** Models still warming up, or the version was retired under the request: retry. */
    NOT_READY,
    /** The model's batch queue is full: retry shortly. */
    OVERLOADED,
    /** The result did not come within the configured per-request timeout. */
    INFERENCE_TIMEOUT,
    /** A video's analysis did not finish within emotion-ai.video.answer-deadline. */
    VIDEO_DEADLINE,
    INTERNAL
}

package ai.emotion.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.batching.BatchRejectedException;
import ai.emotion.engine.SessionClosedException;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorBody;
import ai.emotion.error.ErrorCode;
import io.vertx.ext.web.RoutingContext;

/**
 * The edge's one mapping from failures to HTTP answers: stable codes to statuses, and the serving core's own
 * exceptions (a closed session, a refused or late batch) to the codes callers see.
 */
public final class ErrorAnswers {
    private ErrorAnswers() {
    }

    /** An answer: status, body, and seconds for Retry-After (0: none). */
    public record Answer(int status, ErrorBody body, int retryAfterSeconds) {
        static Answer of(ErrorCode code, String message) {
            return new Answer(ErrorAnswers.status(code), new ErrorBody(message, code.name()),
                    ErrorAnswers.retryAfterSeconds(code));
        }
    }

    /** The HTTP status of a code: an exhaustive switch, so a new code without a status does not compile. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case BAD_JSON, MISSING_IMAGE, BAD_BASE64, UNDECODABLE_IMAGE, UNDECODABLE_VIDEO, BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case BODY_TIMEOUT -> 408;
            case EXPECTATION_FAILED -> 417;
            case PAYLOAD_TOO_LARGE, IMAGE_TOO_LARGE, VIDEO_TOO_LARGE -> 413;
            case URI_TOO_LONG -> 414;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNKNOWN_MODEL_VERSION -> 422;
            case TOO_MANY_ATTEMPTS -> 429;
            case HEADERS_TOO_LARGE -> 431;
            case INTERNAL -> 500;
            case NOT_READY, OVERLOADED -> 503;
            case INFERENCE_TIMEOUT, VIDEO_DEADLINE -> 504;
        };
    }

    /** Seconds for a Retry-After header, or 0 when a retry will not help by itself. */
    public static int retryAfterSeconds(ErrorCode code) {
        return switch (code) {
            case OVERLOADED, NOT_READY -> 1;
            case TOO_MANY_ATTEMPTS -> CredentialThrottle.RETRY_AFTER_SECONDS;
            default -> 0;
        };
    }

    /** The code a bare HTTP status from the framework (body limit, routing, media type) stands for. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 408 -> ErrorCode.BODY_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 417 -> ErrorCode.EXPECTATION_FAILED;
            case 429 -> ErrorCode.TOO_MANY_ATTEMPTS;
            case 503 -> ErrorCode.NOT_READY;
            default -> ErrorCode.INTERNAL;
        };
    }

    /**
     * Writes an answer on a Vert.x route, for the edges outside RESTEasy (failure handler, guards): status,
     * Retry-After where a retry helps, WWW-Authenticate on 401, and the {"error", "code"} body.
     */
    static void send(RoutingContext ctx, ObjectMapper mapper, Answer answer) {
        if (answer.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
        }
        if (answer.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        try {
            ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(mapper.writeValueAsString(answer.body()));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(answer.status()).end();
        }
    }

    /** The answer to a failure the service knows (a refusal, a JSON error, an engine state), or null. */
    public static Answer known(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return Answer.of(api.code(), api.getMessage());
            }
            if (t instanceof BatchRejectedException rejected) {
                return switch (rejected.reason()) {
                    case QUEUE_FULL -> Answer.of(ErrorCode.OVERLOADED, rejected.getMessage());
                    case TIMED_OUT -> Answer.of(ErrorCode.INFERENCE_TIMEOUT, rejected.getMessage());
                    case STOPPING -> Answer.of(ErrorCode.NOT_READY, rejected.getMessage());
                };
            }
            if (t instanceof SessionClosedException closed) {
                return Answer.of(ErrorCode.NOT_READY, closed.getMessage());
            }
            if (t instanceof java.io.IOException io && String.valueOf(io.getMessage()).contains("timed out")) {
                return Answer.of(ErrorCode.BODY_TIMEOUT, "the body did not arrive in time, or a multipart body "
                        + "has no closing delimiter (quarkus.http.read-timeout)");
            }
            if (t instanceof JsonProcessingException json) {
                return Answer.of(ErrorCode.BAD_JSON, JsonErrors.describe(json));
            }
        }
        return null;
    }
}

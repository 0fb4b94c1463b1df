package ai.emotion.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.error.ErrorCode;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures outside RESTEasy (the Funqy functions and CloudEvents, the HTTP body limit) reach Vert.x's
 * failure handlers; this one answers them with the same {"error", "code"} JSON and status as the REST API.
 */
@ApplicationScoped
public class HttpFailureHandler {
    private static final Logger LOG = Logger.getLogger(HttpFailureHandler.class);

    private final ObjectMapper mapper;

    public HttpFailureHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            // already answered (the answer deadline's 408, say), then the connection closed under the body:
            // nothing is left to tell the caller, and the framework's handler would log it as an error
            LOG.debugf("after the answer: %s", ctx.failure());
            if (!ctx.response().ended()) {
                ctx.request().connection().close();
            }
            return;
        }
        ErrorAnswers.send(ctx, mapper, describe(ctx.failure(), ctx.statusCode()));
    }

    /** Whether the failure was thrown inside the given package (in its top frames). */
    static boolean raisedIn(Throwable failure, String packagePrefix) {
        StackTraceElement[] frames = failure.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 8); i++) {
            if (frames[i].getClassName().startsWith(packagePrefix)) {
                return true;
            }
        }
        return false;
    }

    static ErrorAnswers.Answer describe(Throwable failure, int statusCode) {
        ErrorAnswers.Answer known = ErrorAnswers.known(failure);
        if (known != null) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Netty's form decoder: a urlencoded or multipart field over the limit, too many fields or parts
            if (t instanceof HttpPostRequestDecoder.TooLongFormFieldException
                    || t instanceof HttpPostRequestDecoder.TooManyFormFieldsException
                    || String.valueOf(t.getMessage()).contains("Size exceed allowed maximum capacity")) {
                return ErrorAnswers.Answer.of(ErrorCode.PAYLOAD_TOO_LARGE, "a form field, or the number of form "
                        + "fields or parts, is over the limit; send the image as JSON, raw bytes or one multipart "
                        + "field 'file'");
            }
            // a part with an empty name fails Netty's argument checks (IllegalArgumentException) in the decoder
            if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException
                    || t instanceof IllegalArgumentException && raisedIn(t, "io.netty.handler.codec.http.multipart")) {
                return ErrorAnswers.Answer.of(ErrorCode.BAD_REQUEST, "the form or multipart body is malformed: "
                        + "each part needs a Content-Disposition: form-data; name=\"...\" header with a non-empty name");
            }
        }
        if (failure != null && String.valueOf(failure.getMessage()).startsWith("Don't know how to get event data")) {
            return ErrorAnswers.Answer.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "CloudEvent data must be JSON "
                    + "(datacontenttype application/json, or a JSON Content-Type in binary mode)");
        }
        if (failure instanceof RuntimeException && raisedIn(failure, "io.quarkus.funqy")) {
            // Funqy's CloudEvent reader fails on missing attributes or data with bare runtime exceptions
            return ErrorAnswers.Answer.of(ErrorCode.BAD_REQUEST, "the CloudEvent is malformed: structured mode needs "
                    + "a JSON object with specversion, id, source, type and JSON data; binary mode needs "
                    + "ce-specversion, ce-id, ce-source, ce-type and a JSON body");
        }
        if (failure != null && String.valueOf(failure.getMessage()).contains("'Host' header is required")) {
            // Vert.x refuses an HTTP/1.1 request without Host (RFC 9112: 400) by failing the route
            return ErrorAnswers.Answer.of(ErrorCode.BAD_REQUEST, "an HTTP/1.1 request needs a Host header");
        }
        if (failure == null && statusCode > 0) {
            ErrorCode code = ErrorAnswers.forStatus(statusCode);
            String message = switch (code) {
                case BAD_REQUEST -> "the request or event data is not valid JSON for this function";
                case PAYLOAD_TOO_LARGE -> "the request body is larger than the configured limit";
                case NOT_FOUND -> "no endpoint, function or CloudEvent type matches this request";
                case NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE -> "unsupported content type; send application/json "
                        + "or a CloudEvent";
                case EXPECTATION_FAILED -> "the Expect header can only be 100-continue";
                default -> "request failed";
            };
            return ErrorAnswers.Answer.of(code == ErrorCode.BAD_REQUEST ? ErrorCode.BAD_JSON : code, message);
        }
        LOG.error("unexpected failure", failure);
        return ErrorAnswers.Answer.of(ErrorCode.INTERNAL, "internal error");
    }
}

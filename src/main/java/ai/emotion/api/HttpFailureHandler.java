package ai.emotion.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.error.ErrorBody;
import ai.emotion.error.ErrorCode;
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
            ctx.next();
            return;
        }
        ErrorBody body = describe(ctx.failure(), ctx.statusCode());
        ErrorCode code = ErrorCode.valueOf(body.code());
        int status = ErrorAnswers.status(code);
        if (ErrorAnswers.retryAfterSeconds(code) > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(ErrorAnswers.retryAfterSeconds(code)));
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    static ErrorBody describe(Throwable failure, int statusCode) {
        ErrorAnswers.Answer known = ErrorAnswers.known(failure);
        if (known != null) {
            return known.body();
        }
        if (failure == null && statusCode > 0) {
            ErrorCode code = ErrorAnswers.forStatus(statusCode);
            String message = switch (code) {
                case BAD_REQUEST -> "the request or event data is not valid JSON for this function";
                case PAYLOAD_TOO_LARGE -> "the request body is larger than the configured limit";
                case NOT_FOUND -> "no endpoint, function or CloudEvent type matches this request";
                case NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE -> "unsupported content type; send application/json "
                        + "or a CloudEvent";
                default -> "request failed";
            };
            return new ErrorBody(message, (code == ErrorCode.BAD_REQUEST ? ErrorCode.BAD_JSON : code).name());
        }
        LOG.error("unexpected failure", failure);
        return new ErrorBody("internal error", ErrorCode.INTERNAL.name());
    }
}

package ai.emotion.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import ai.emotion.batching.BatchRejectedException;
import ai.emotion.engine.SessionClosedException;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorBody;
import ai.emotion.error.ErrorCode;

/** Every failure of a REST endpoint as {"error", "code"} JSON with the right status; never a stack trace. */
public class RestErrorMappers {
    private static final Logger LOG = Logger.getLogger(RestErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return answer(ErrorAnswers.known(e));
    }

    /** The batcher's refusals: a full queue (503), a late result (504), a stopping queue (503). */
    @ServerExceptionMapper
    public Response rejected(BatchRejectedException e) {
        return answer(ErrorAnswers.known(e));
    }

    @ServerExceptionMapper
    public Response closed(SessionClosedException e) {
        return answer(ErrorAnswers.known(e));
    }

    private static Response answer(ErrorAnswers.Answer a) {
        Response.ResponseBuilder answer = Response.status(a.status()).type(MediaType.APPLICATION_JSON).entity(a.body());
        if (a.retryAfterSeconds() > 0) {
            answer.header("Retry-After", a.retryAfterSeconds());
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return answer(ErrorAnswers.known(e));
    }

    /** Valid JSON of the wrong shape; Quarkus's own mapper for it answers with an empty body. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return badJson(json);
        }
        ErrorCode code = ErrorAnswers.forStatus(status);
        String message = code == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
        return json(status, new ErrorBody(message, code.name()));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        ErrorAnswers.Answer known = ErrorAnswers.known(e);
        if (known != null) {
            return answer(known);
        }
        LOG.error("unexpected failure", e);
        return json(500, new ErrorBody("internal error", ErrorCode.INTERNAL.name()));
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

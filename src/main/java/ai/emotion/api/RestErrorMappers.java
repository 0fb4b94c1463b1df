package ai.emotion.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorBody;
import ai.emotion.error.ErrorCode;

/** Every failure of a REST endpoint as {"error", "code"} JSON with the right status; never a stack trace. */
public class RestErrorMappers {
    private static final Logger LOG = Logger.getLogger(RestErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder answer = Response.status(e.code().status()).type(MediaType.APPLICATION_JSON)
                .entity(e.body());
        if (e.code().retryAfterSeconds() > 0) {
            answer.header("Retry-After", e.code().retryAfterSeconds());
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return json(400, new ErrorBody("the request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage(), ErrorCode.BAD_JSON.name()));
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
        ErrorCode code = ErrorCode.forStatus(status);
        String message = code == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
        return json(status, new ErrorBody(message, code.name()));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return json(500, new ErrorBody("internal error", ErrorCode.INTERNAL.name()));
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

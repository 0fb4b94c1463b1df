package ai.emotion.api;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.routing.VersionRouter;
import ai.emotion.serving.ModelRegistry;
import io.vertx.core.http.HttpServerRequest;

/**
 * POST /admin/models/reload with "Authorization: Bearer &lt;emotion-ai.admin.token&gt;": serve version
 * folders added to the models directory and retire removed ones, without a restart. Absent (404 for every method,
 * see {@link AccessGuard}) while no token is configured, and left out of the OpenAPI document, so a default
 * deployment exposes no admin surface. Wrong tokens are throttled per client address.
 */
@Path("/admin/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Model versions without a restart (needs emotion-ai.admin.token)")
public class AdminResource {
    private final EmotionAiConfig config;
    private final ModelRegistry repository;
    private final VersionRouter router;
    private final CredentialThrottle throttle;

    public AdminResource(EmotionAiConfig config, ModelRegistry repository, VersionRouter router,
            CredentialThrottle throttle) {
        this.router = router;
        this.config = config;
        this.repository = repository;
        this.throttle = throttle;
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Load new model version folders, retire removed ones", hidden = true)
    public ModelRegistry.ReloadReport reload(@RestHeader("Authorization") String authorization,
            HttpServerRequest request) {
        String token = config.admin().token().filter(t -> !t.isBlank()).orElseThrow(
                () -> new ApiException(ErrorCode.NOT_FOUND, "no endpoint, function or CloudEvent type matches "
                        + "this request"));
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        throttle.check(client);
        // constant-time comparison, so response timing does not leak the token
        if (!Credentials.matchesAny(Credentials.bearer(authorization), List.of(token))) {
            throttle.failed(client);
            throw new ApiException(ErrorCode.UNAUTHORIZED, "send Authorization: Bearer <emotion-ai.admin.token>");
        }
        return repository.reload(router);
    }
}

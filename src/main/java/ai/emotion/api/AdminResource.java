package ai.emotion.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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
import ai.emotion.serving.ModelRegistry;

/**
 * POST /admin/models/reload with "Authorization: Bearer &lt;emotion-ai.admin.token&gt;": serve version
 * folders added to the models directory and retire removed ones, without a restart. Absent (404) while no
 * token is configured, so a default deployment exposes no admin surface.
 */
@Path("/admin/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Model versions without a restart (needs emotion-ai.admin.token)")
public class AdminResource {
    private final EmotionAiConfig config;
    private final ModelRegistry repository;

    public AdminResource(EmotionAiConfig config, ModelRegistry repository) {
        this.config = config;
        this.repository = repository;
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Load new model version folders, retire removed ones")
    public ModelRegistry.ReloadReport reload(@RestHeader("Authorization") String authorization) {
        String token = config.admin().token().filter(t -> !t.isBlank()).orElseThrow(
                () -> new ApiException(ErrorCode.NOT_FOUND, "no endpoint, function or CloudEvent type matches "
                        + "this request"));
        String given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : "";
        // constant-time comparison, so response timing does not leak the token
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "send Authorization: Bearer <emotion-ai.admin.token>");
        }
        return repository.reload();
    }
}

package ai.emotion.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import ai.emotion.error.ErrorBody;

/** API description, and the error answers the resources refer to by name. */
@OpenAPIDefinition(
        info = @Info(title = "Emotion AI", version = "1.0.0",
                description = "Facial expression and facial keypoints from face crops and whole photos",
                license = @License(name = "MIT")),
        components = @Components(responses = {
                @APIResponse(name = "BadInput", responseCode = "400",
                        description = "BAD_JSON, MISSING_IMAGE, BAD_BASE64, UNDECODABLE_IMAGE or BAD_REQUEST",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @APIResponse(name = "TooLarge", responseCode = "413",
                        description = "PAYLOAD_TOO_LARGE (body) or IMAGE_TOO_LARGE (bytes or pixels)",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @APIResponse(name = "UnknownVersion", responseCode = "422", description = "UNKNOWN_MODEL_VERSION",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))),
                @APIResponse(name = "NotReady", responseCode = "503", description = "NOT_READY: models warming up",
                        content = @Content(schema = @Schema(implementation = ErrorBody.class))) }))
public class OpenApiDefinition extends Application {
}

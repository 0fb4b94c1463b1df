package ai.emotion.protocol.tfserving;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.dto.CallerKey;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.protocol.InputBatch;
import ai.emotion.protocol.ModelLookup;
import ai.emotion.serving.Inference;
import ai.emotion.serving.ModelVersion;

/**
 * TensorFlow Serving's REST API, so clients of the original TF Serving deployment can point here unchanged:
 * model status, metadata and {@code :predict} in row ({@code instances}) or columnar ({@code inputs}) form,
 * with float tensors or {@code {"b64": ...}} encoded images. Errors are {"error": ...}.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tensorflow-serving", description = "TensorFlow Serving REST API")
public class TfServingResource {
    private final Inference inference;
    private final TfServingCodec codec;

    public TfServingResource(Inference inference, TfServingCodec codec) {
        this.inference = inference;
        this.codec = codec;
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Status of every served version")
    public ObjectNode status(@PathParam("name") String name) {
        return TfServingMetadata.status(ModelLookup.all(inference, name));
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(summary = "Status of one version")
    public ObjectNode versionStatus(@PathParam("name") String name, @PathParam("version") String version) {
        return TfServingMetadata.status(List.of(ModelLookup.described(inference, name, version)));
    }

    @GET
    @Path("/{name}/metadata")
    @Operation(summary = "Signature of the version routing picks (the default, else the highest; fallback included)")
    public ObjectNode metadata(@PathParam("name") String name) {
        return TfServingMetadata.metadata(ModelLookup.described(inference, name, null).metadata());
    }

    @GET
    @Path("/{name}/versions/{version}/metadata")
    @Operation(summary = "Signature of one version")
    public ObjectNode versionMetadata(@PathParam("name") String name, @PathParam("version") String version) {
        return TfServingMetadata.metadata(ModelLookup.described(inference, name, version).metadata());
    }

    @POST
    @Path("/{call}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "{name}:predict with the routed version (A/B split, default or highest)")
    public Response predict(@PathParam("call") String call, JsonNode body,
            @RestHeader(CallerKey.HEADER) String callerKey) {
        return predict(ModelLookup.routed(inference, predictTarget(call), null, callerKey), body);
    }

    @POST
    @Path("/{name}/versions/{call}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "{version}:predict with one version")
    public Response predictVersion(@PathParam("name") String name, @PathParam("call") String call,
            JsonNode body) {
        return predict(ModelLookup.routed(inference, name, predictTarget(call), null), body);
    }

    /** "emotion:predict" -> "emotion"; TF Serving's other verbs (classify, regress) need TF Example input. */
    static String predictTarget(String call) {
        int colon = call.lastIndexOf(':');
        String verb = colon < 0 ? "" : call.substring(colon + 1);
        if (!"predict".equals(verb)) {
            throw new ApiException(colon < 0 ? ErrorCode.METHOD_NOT_ALLOWED : ErrorCode.BAD_REQUEST,
                    colon < 0 ? "POST needs a verb: /v1/models/<name>[/versions/<v>]:predict"
                            : "only :predict is served (" + Texts.clip(verb) + " needs tf.Example inputs)");
        }
        return call.substring(0, colon);
    }

    private Response predict(ModelVersion model, JsonNode body) {
        TfServingCodec.Request request = codec.read(model, body);
        InputBatch batch = request.batch();
        Map<String, float[]> outputs = batch.run(inference, model);
        ObjectNode answer = request.rowFormat()
                ? TfServingCodec.predictions(model.metadata(), outputs, batch.items())
                : TfServingCodec.outputs(model.metadata(), outputs, batch.items());
        return Response.ok(answer).header("X-Model-Version", model.metadata().version()).build();
    }
}

package ai.emotion.protocol.kserve;

import java.util.LinkedHashMap;
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

import ai.emotion.dto.CallerKey;
import ai.emotion.protocol.InputBatch;
import ai.emotion.protocol.ModelLookup;
import ai.emotion.serving.Inference;
import ai.emotion.serving.ModelVersion;

/**
 * The Open Inference Protocol (KServe v2, Triton's HTTP API) over REST/JSON: health, server and model
 * metadata, readiness and inference. Health answers 200 for true and 400 for false, as the protocol says;
 * errors are {"error": ...}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "kserve-v2", description = "KServe Open Inference Protocol v2")
public class KServeResource {
    private final Inference inference;
    private final KServeCodec codec;

    public KServeResource(Inference inference, KServeCodec codec) {
        this.inference = inference;
        this.codec = codec;
    }

    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    @GET
    @Operation(summary = "Server metadata")
    public ServerMetadata server() {
        return new ServerMetadata("emotion-ai", getClass().getPackage().getImplementationVersion() == null ? "dev"
                : getClass().getPackage().getImplementationVersion(), List.of());
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "Server liveness")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "Server readiness: every model version warmed")
    public Response ready() {
        boolean ready = inference.ready();
        return Response.status(ready ? 200 : 400).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @Operation(summary = "Model metadata (the version routing picks; versions: those that can be requested)")
    public ModelMetadataResponse metadata(@PathParam("model") String model) {
        List<String> served = ModelLookup.all(inference, model).stream().filter(v -> v.unavailable().isEmpty())
                .map(v -> v.id().version()).toList();
        return ModelMetadataResponse.of(ModelLookup.described(inference, model, null), served);
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @Operation(summary = "Model version metadata")
    public ModelMetadataResponse versionMetadata(@PathParam("model") String model,
            @PathParam("version") String version) {
        return ModelMetadataResponse.of(ModelLookup.described(inference, model, version), List.of(version));
    }

    @GET
    @Path("/models/{model}/ready")
    @Operation(summary = "Model readiness")
    public Response modelReady(@PathParam("model") String model) {
        return readiness(ModelLookup.described(inference, model, null));
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @Operation(summary = "Model version readiness")
    public Response versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        return readiness(ModelLookup.described(inference, model, version));
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference with the routed version (A/B split, default or highest)")
    public InferResponse infer(@PathParam("model") String model, InferRequest request,
            @RestHeader(CallerKey.HEADER) String callerKey) {
        return infer(ModelLookup.routed(inference, model, null, callerKey), request);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference with one version")
    public InferResponse inferVersion(@PathParam("model") String model, @PathParam("version") String version,
            InferRequest request) {
        return infer(ModelLookup.routed(inference, model, version, null), request);
    }

    private InferResponse infer(ModelVersion model, InferRequest request) {
        InputBatch batch = codec.read(model, request);
        Map<String, float[]> outputs = batch.run(inference, model);
        return new InferResponse(model.metadata().name(), model.metadata().version(), request.id(),
                KServeCodec.outputs(model, request, outputs, batch.items()));
    }

    /** {"name", "ready"}, plus "unavailable": why, for a version not served on this CPU. */
    private Response readiness(ModelVersion model) {
        boolean ready = model.isWarm() && model.unavailable().isEmpty();
        Map<String, Object> answer = new LinkedHashMap<>(Map.of("name", model.metadata().name(), "ready", ready));
        model.unavailable().ifPresent(why -> answer.put("unavailable", why));
        return Response.status(ready ? 200 : 400).entity(answer).build();
    }
}

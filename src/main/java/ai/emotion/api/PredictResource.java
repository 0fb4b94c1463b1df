package ai.emotion.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.emotion.dto.BothResponse;
import ai.emotion.dto.CallerKey;
import ai.emotion.dto.EmotionResponse;
import ai.emotion.dto.KeypointsResponse;
import ai.emotion.dto.PredictRequest;
import ai.emotion.serving.Inference;

/** The original REST API: predictions on a face crop sent as base64 JSON or as a multipart file. */
@Path("/api/v1/predict")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "predict", description = "Emotion and keypoints of one face crop")
@APIResponse(responseCode = "400", ref = "BadInput")
@APIResponse(responseCode = "413", ref = "TooLarge")
@APIResponse(responseCode = "422", ref = "UnknownVersion")
@APIResponse(responseCode = "503", ref = "NotReady")
public class PredictResource {
    static final String ALIGNMENT = "A model whose crop rule is five_point_similarity (trained on faces aligned on "
            + "the face detector's five landmarks) gets the face aligned on the five landmarks the detector finds in "
            + "the crop; when it finds none, and for every other model, the whole crop is resized. The answer's "
            + "`alignment` says which: \"five_point\" or \"whole_image\".";

    private final Inference inference;

    public PredictResource(Inference inference) {
        this.inference = inference;
    }

    @POST
    @Path("/emotion")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Emotion probabilities of a face crop", description = ALIGNMENT)
    @APIResponse(responseCode = "200", description = "The emotion",
            content = @Content(schema = @Schema(implementation = EmotionResponse.class)))
    public EmotionResponse emotion(PredictRequest request, @RestHeader(CallerKey.HEADER) String callerKey) {
        PredictRequest r = PredictRequest.require(request).withCallerKey(callerKey);
        return EmotionResponse.of(inference.emotion(inference.imageBytes(r.image()), r.modelVersion(), r.callerKey()));
    }

    @POST
    @Path("/keypoints")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The 15 facial keypoints of a face crop, in the sent image's pixels")
    public KeypointsResponse keypoints(PredictRequest request, @RestHeader(CallerKey.HEADER) String callerKey) {
        PredictRequest r = PredictRequest.require(request).withCallerKey(callerKey);
        return KeypointsResponse.of(inference.keypoints(inference.imageBytes(r.image()), r.modelVersion(),
                r.callerKey()));
    }

    @POST
    @Path("/both")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Emotion and keypoints of a face crop", description = ALIGNMENT)
    @APIResponse(responseCode = "200", description = "The emotion and the keypoints",
            content = @Content(schema = @Schema(implementation = BothResponse.class)))
    public BothResponse both(PredictRequest request, @RestHeader(CallerKey.HEADER) String callerKey) {
        PredictRequest r = PredictRequest.require(request).withCallerKey(callerKey);
        return BothResponse.of(inference.both(inference.imageBytes(r.image()), r.modelVersion(), r.callerKey()));
    }

    @POST
    @Path("/file")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Emotion of a face crop uploaded as multipart field 'file'", description = ALIGNMENT)
    @APIResponse(responseCode = "200", description = "The emotion",
            content = @Content(schema = @Schema(implementation = EmotionResponse.class)))
    public EmotionResponse file(@RestForm("file") FileUpload file, @RestForm("model_version") String modelVersion,
            @RestHeader(CallerKey.HEADER) String callerKey) {
        return EmotionResponse.of(inference.emotion(Uploads.bytes(file), modelVersion, callerKey));
    }
}

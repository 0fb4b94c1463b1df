package ai.emotion.api;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.emotion.dto.AnalyzeRequest;
import ai.emotion.dto.CallerKey;
import ai.emotion.dto.AnalyzeResponse;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.serving.ExpressionGate;
import ai.emotion.serving.Inference;

/** Whole photos: every face with its box, emotion and keypoints ({@link QuickStartResource} serves it at /predict too). */
@Path("/api/v1/analyze")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analyze", description = "Find every face in a photo, then expression and keypoints per face")
@APIResponse(responseCode = "400", ref = "BadInput")
@APIResponse(responseCode = "413", ref = "TooLarge")
@APIResponse(responseCode = "422", ref = "UnknownVersion")
@APIResponse(responseCode = "503", ref = "NotReady")
public class AnalyzeResource {
    /** Opt-in query parameter: each face's 68 iBUG landmarks as well (the demo page's toggle). */
    static final String LANDMARKS68 = "landmarks68";
    /** Raw and multipart uploads name the keypoint version apart (JSON: model_version {"keypoints": ...}). */
    static final String KEYPOINTS_VERSION = "keypoints_version";
    private final Inference inference;

    public AnalyzeResource(Inference inference) {
        this.inference = inference;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyze a base64 photo")
    public AnalyzeResponse json(AnalyzeRequest request, @RestHeader(CallerKey.HEADER) String callerKey,
            @QueryParam(LANDMARKS68) boolean landmarks68) {
        AnalyzeRequest r = AnalyzeRequest.require(request).withCallerKey(callerKey);
        return AnalyzeResponse.of(inference.analyze(inference.imageBytes(r.image()), r.options()), landmarks68);
    }

    @POST
    @Consumes("image/*")
    @Operation(summary = "Analyze a photo sent as raw image bytes")
    public AnalyzeResponse raw(byte[] image, @QueryParam("model_version") String version,
            @QueryParam(KEYPOINTS_VERSION) String keypointsVersion,
            @QueryParam("max_faces") Integer maxFaces, @QueryParam("min_face_size") Integer minFaceSize,
            @RestHeader(CallerKey.HEADER) String callerKey, @QueryParam(LANDMARKS68) boolean landmarks68,
            @BeanParam GateParams gate) {
        return AnalyzeResponse.of(inference.analyze(image, new AnalyzeOptions(version, keypointsVersion, maxFaces,
                minFaceSize, callerKey, gate.gate())), landmarks68);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Analyze a photo uploaded as multipart field 'file'")
    public AnalyzeResponse multipart(@RestForm("file") FileUpload file, @RestForm("model_version") String version,
            @RestForm(KEYPOINTS_VERSION) String keypointsVersion,
            @RestForm("max_faces") Integer maxFaces, @RestForm("min_face_size") Integer minFaceSize,
            @RestHeader(CallerKey.HEADER) String callerKey, @QueryParam(LANDMARKS68) boolean landmarks68,
            @BeanParam GateParams gate) {
        return AnalyzeResponse.of(inference.analyze(Uploads.bytes(file), new AnalyzeOptions(version,
                keypointsVersion, maxFaces, minFaceSize, callerKey, gate.gate())), landmarks68);
    }

    /** The expression gate as query parameters (raw and multipart uploads; JSON requests name them in the body). */
    public static class GateParams {
        @QueryParam("min_confidence")
        Double minConfidence;
        @QueryParam("min_sharpness")
        Double minSharpness;
        @QueryParam("min_expression_size")
        Integer minExpressionSize;
        @QueryParam("max_head_pose")
        Double maxHeadPose;

        ExpressionGate gate() {
            return new ExpressionGate(minConfidence, minSharpness, minExpressionSize, maxHeadPose);
        }
    }
}

package ai.emotion.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.serving.ExpressionGate;

/**
 * {"image": base64, "model_version": "2" | {"emotion": "2", "keypoints": "1"}, "max_faces": N,
 * "min_face_size": px, "caller_key": "...", and the optional expression gate: "min_confidence", "min_sharpness",
 * "min_expression_size", "max_head_pose"}. A plain model_version selects the emotion model, as in the predict API.
 */
public record AnalyzeRequest(
        @JsonProperty("image") String image,
        @JsonProperty("model_version") JsonNode modelVersion,
        @JsonProperty("max_faces") Integer maxFaces,
        @JsonProperty("min_face_size") Integer minFaceSize,
        @JsonProperty("caller_key") String callerKey,
        @JsonProperty("min_confidence") Double minConfidence,
        @JsonProperty("min_sharpness") Double minSharpness,
        @JsonProperty("min_expression_size") Integer minExpressionSize,
        @JsonProperty("max_head_pose") Double maxHeadPose) {

    /** The request, or the error that says the body was empty. */
    public static AnalyzeRequest require(AnalyzeRequest request) {
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the request body is empty; send {\"image\": <base64>}");
        }
        return request;
    }

    /** The same request with the header's caller key when the body names none. */
    public AnalyzeRequest withCallerKey(String header) {
        return callerKey != null || header == null ? this
                : new AnalyzeRequest(image, modelVersion, maxFaces, minFaceSize, header, minConfidence, minSharpness,
                        minExpressionSize, maxHeadPose);
    }

    /** The request's options for the serving core. */
    public AnalyzeOptions options() {
        return new AnalyzeOptions(emotionVersion(), keypointsVersion(), maxFaces, minFaceSize, callerKey,
                new ExpressionGate(minConfidence, minSharpness, minExpressionSize, maxHeadPose));
    }

    String emotionVersion() {
        return ModelVersionField.of(modelVersion).emotion();
    }

    String keypointsVersion() {
        return ModelVersionField.of(modelVersion).keypoints();
    }
}

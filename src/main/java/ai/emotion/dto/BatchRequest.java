package ai.emotion.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.serving.AnalyzeOptions;

/**
 * {"images": [base64, ...], and the options of {@link AnalyzeRequest} (model_version, max_faces, min_face_size,
 * caller_key, the expression gate)}, which apply to every image.
 */
public record BatchRequest(
        @JsonProperty("images") List<String> images,
        @JsonProperty("model_version") JsonNode modelVersion,
        @JsonProperty("max_faces") Integer maxFaces,
        @JsonProperty("min_face_size") Integer minFaceSize,
        @JsonProperty("caller_key") String callerKey,
        @JsonProperty("min_confidence") Double minConfidence,
        @JsonProperty("min_sharpness") Double minSharpness,
        @JsonProperty("min_expression_size") Integer minExpressionSize,
        @JsonProperty("max_head_pose") Double maxHeadPose) {

    /** The options, read as /analyze reads them; the header's caller key when the body names none. */
    public AnalyzeOptions options(String callerKeyHeader) {
        return new AnalyzeRequest(null, modelVersion, maxFaces, minFaceSize, callerKey, minConfidence, minSharpness,
                minExpressionSize, maxHeadPose).withCallerKey(callerKeyHeader).options();
    }
}

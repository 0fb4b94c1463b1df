package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.AnalyzeOptions;

/**
 * {"images": [base64, ...], and the fields of {@link AnalyzeRequest} but "image" (model_version, max_faces,
 * min_face_size, caller_key, the expression gate)}, which apply to every image; read as /analyze reads them. An entry
 * of images that is not a string is that image's error.
 */
public record BatchRequest(List<String> images, AnalyzeRequest options) {
    // unknown fields ignored, as the service's own mapper (Quarkus's) ignores them in /api/v1/analyze
    private static final ObjectMapper FIELDS = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static BatchRequest of(ObjectNode body) {
        JsonNode field = body.remove("images");
        List<String> images = null;
        if (field != null && field.isArray()) {
            images = new ArrayList<>(field.size());
            for (JsonNode image : field) {
                images.add(image.isTextual() ? image.asText() : null);
            }
        }
        try {
            return new BatchRequest(images, FIELDS.treeToValue(body, AnalyzeRequest.class));
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.BAD_JSON, "the batch's options are not those of /api/v1/analyze: "
                    + e.getOriginalMessage());
        }
    }

    /** The options for every image; the header's caller key when the body names none. */
    public AnalyzeOptions options(String callerKeyHeader) {
        return options.withCallerKey(callerKeyHeader).options();
    }
}

package ai.emotion.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {"image": base64 (a data:image/...;base64, prefix is allowed), "model_version": "1"} */
public record PredictRequest(
        @JsonProperty("image") String image,
        @JsonProperty("model_version") String modelVersion) {
}

package ai.emotion.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public record BothResponse(
        @JsonProperty("emotion") EmotionResponse emotion,
        @JsonProperty("keypoints") KeypointsResponse keypoints) {
}

package ai.emotion.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.serving.Inference;

/** Emotion and keypoints of one face crop. */
public record BothResponse(
        @JsonProperty("emotion") EmotionResponse emotion,
        @JsonProperty("keypoints") KeypointsResponse keypoints) {

    public static BothResponse of(Inference.Both both) {
        return new BothResponse(EmotionResponse.of(both.emotion()), KeypointsResponse.of(both.keypoints()));
    }
}

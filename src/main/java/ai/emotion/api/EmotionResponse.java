package ai.emotion.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.translate.EmotionPrediction;

public record EmotionResponse(
        @JsonProperty("emotion") String emotion,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("model_version") String modelVersion) {

    static EmotionResponse of(EmotionPrediction p, String version) {
        return new EmotionResponse(p.emotion(), p.confidence(), p.probabilities(), version);
    }
}

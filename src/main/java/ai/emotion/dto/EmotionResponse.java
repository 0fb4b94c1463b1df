package ai.emotion.dto;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.serving.Served;
import ai.emotion.translate.EmotionPrediction;

/** The answer of the emotion endpoint and function. */
public record EmotionResponse(
        @JsonProperty("emotion") String emotion,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("model_version") String modelVersion) {

    public static EmotionResponse of(Served<EmotionPrediction> served) {
        EmotionPrediction p = served.result();
        return new EmotionResponse(p.emotion(), p.confidence(), p.probabilities(), served.version());
    }
}

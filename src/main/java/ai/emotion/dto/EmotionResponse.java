package ai.emotion.dto;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.serving.Served;
import ai.emotion.translate.EmotionPrediction;

/** The answer of the emotion endpoint and function. */
public record EmotionResponse(
        @JsonProperty("emotion") String emotion,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("model_version") String modelVersion,
        @Schema(description = "How the model's input was made from the face crop: \"five_point\" for a model "
                + "whose crop rule is five_point_similarity when the face detector found the face's five landmarks "
                + "in the crop (the face aligned on them as in training), else \"whole_image\" (the crop resized as "
                + "it is)", enumeration = { Served.FIVE_POINT, Served.WHOLE_IMAGE })
        @JsonProperty("alignment") String alignment) {

    public static EmotionResponse of(Served<EmotionPrediction> served) {
        EmotionPrediction p = served.result();
        return new EmotionResponse(p.emotion(), p.confidence(), p.probabilities(), served.version(),
                served.alignment());
    }
}

package ai.emotion.translate;

import java.util.Map;

/** The emotion with the highest probability, and every class's probability in the model's label order. */
public record EmotionPrediction(String emotion, double confidence, Map<String, Double> probabilities) {
}

package ai.emotion.translate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emotion.model.ModelMetadata;

/** Post-processing of an emotion model: the probabilities output to labelled classes. */
public final class EmotionTranslator {
    static final String OUTPUT = "probabilities";

    private EmotionTranslator() {
    }

    public static EmotionPrediction decode(ModelMetadata meta, Map<String, float[]> outputs, int item) {
        List<String> labels = meta.labels();
        float[] probs = outputs.get(OUTPUT);
        int base = item * labels.size();
        Map<String, Double> byLabel = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < labels.size(); i++) {
            byLabel.put(labels.get(i), round(probs[base + i]));
            if (probs[base + i] > probs[base + best]) {
                best = i;
            }
        }
        return new EmotionPrediction(labels.get(best), round(probs[base + best]), byLabel);
    }

    static double round(float value) {
        return Math.round(value * 1e6) / 1e6; // six decimals are plenty and keep answers short
    }
}

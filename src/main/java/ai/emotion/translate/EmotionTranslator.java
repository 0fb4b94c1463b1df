package ai.emotion.translate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emotion.model.ModelFolder;
import ai.emotion.model.TensorSpec;
import ai.emotion.vision.Frame;

/** Task emotion-classification: the probabilities output to labelled classes, the most likely first. */
public final class EmotionTranslator extends FaceTranslator<EmotionPrediction> {
    public static final String TASK = "emotion-classification";
    static final String OUTPUT = "probabilities";

    private final List<String> labels;

    public EmotionTranslator(ModelFolder folder) {
        super(folder);
        this.labels = folder.metadata().labels();
        TensorSpec out = folder.metadata().outputs().stream().filter(o -> o.name().equals(OUTPUT)).findFirst()
                .orElseThrow(() -> invalid(folder, "an emotion model needs an output named " + OUTPUT));
        if (labels == null || labels.size() < 2 || out.itemSize() != labels.size()) {
            throw invalid(folder, "labels must name each of the " + out.itemSize() + " values of " + OUTPUT);
        }
    }

    @Override
    public EmotionPrediction decode(Map<String, float[]> outputs, int item, Frame frame) {
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

    /** The labels in the model's output order. */
    public List<String> labels() {
        return labels;
    }
}

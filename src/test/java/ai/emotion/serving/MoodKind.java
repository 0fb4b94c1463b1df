package ai.emotion.serving;

import java.util.Map;

import ai.emotion.model.ModelFolder;
import ai.emotion.translate.FaceModelKind;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.vision.Frame;

/**
 * A per-face model kind of the tests' own (registered in src/test/resources/META-INF/services): task "test-mood",
 * whose result is the top label of a probabilities output. The whole kind is this file and its registration.
 */
public class MoodKind implements FaceModelKind {
    public static final String TASK = "test-mood";

    /** One face's result. */
    public record Mood(String top, double score) {
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public FaceTranslator<?> translator(ModelFolder folder) {
        return new FaceTranslator<Mood>(folder) {
            @Override
            public Mood decode(Map<String, float[]> outputs, int item, Frame frame) {
                var labels = folder.metadata().labels();
                float[] p = outputs.get("probabilities");
                int best = 0;
                for (int i = 1; i < labels.size(); i++) {
                    if (p[item * labels.size() + i] > p[item * labels.size() + best]) {
                        best = i;
                    }
                }
                return new Mood(labels.get(best), p[item * labels.size() + best]);
            }
        };
    }
}

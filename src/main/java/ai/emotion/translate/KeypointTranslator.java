package ai.emotion.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.emotion.model.ModelMetadata;

/** Post-processing of a keypoint model: crop-normalised coordinates back to the caller's image pixels. */
public final class KeypointTranslator {
    static final String OUTPUT = "keypoints";

    private KeypointTranslator() {
    }

    public static List<Keypoint> decode(ModelMetadata meta, Map<String, float[]> outputs, int item, Frame frame) {
        List<String> names = meta.keypointNames();
        float[] coords = outputs.get(OUTPUT);
        int base = item * names.size() * 2;
        List<Keypoint> points = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            double x = frame.x0() + coords[base + 2 * i] * frame.width();
            double y = frame.y0() + coords[base + 2 * i + 1] * frame.height();
            points.add(new Keypoint(names.get(i), Math.round(x * 100) / 100.0, Math.round(y * 100) / 100.0));
        }
        return points;
    }
}

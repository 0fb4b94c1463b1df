package ai.emotion.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.emotion.model.ModelFolder;
import ai.emotion.model.TensorSpec;
import ai.emotion.vision.Frame;

/** Task facial-keypoints: crop-normalised coordinates back to the caller's image pixels, by name. */
public final class KeypointTranslator extends FaceTranslator<List<Keypoint>> {
    public static final String TASK = "facial-keypoints";
    static final String OUTPUT = "keypoints";
    /** The optional second output: the 68 iBUG landmarks, normalised to the crop like the keypoints. */
    static final String LANDMARKS68 = "landmarks68";
    static final int LANDMARK_COUNT = 68;

    private final List<String> names;
    private final boolean hasLandmarks68;

    public KeypointTranslator(ModelFolder folder) {
        super(folder);
        this.names = folder.metadata().keypointNames();
        TensorSpec out = folder.metadata().outputs().stream().filter(o -> o.name().equals(OUTPUT)).findFirst()
                .orElseThrow(() -> invalid(folder, "a keypoint model needs an output named " + OUTPUT));
        if (names == null || names.isEmpty() || out.itemSize() != 2 * names.size()) {
            throw invalid(folder, "keypoint_names must name each (x, y) pair of the " + out.itemSize() + " values of "
                    + OUTPUT);
        }
        this.hasLandmarks68 = folder.metadata().outputs().stream()
                .anyMatch(o -> o.name().equals(LANDMARKS68) && o.itemSize() == 2 * LANDMARK_COUNT);
    }

    /**
     * The 68 landmarks of item {@code item} in the caller's image pixels as x0, y0, ..., x67, y67, or null when the
     * model has no such output.
     */
    public double[] landmarks68(Map<String, float[]> outputs, int item, Frame frame) {
        float[] coords = outputs.get(LANDMARKS68);
        if (!hasLandmarks68 || coords == null) {
            return null;
        }
        int base = item * LANDMARK_COUNT * 2;
        double[] points = new double[LANDMARK_COUNT * 2];
        for (int i = 0; i < LANDMARK_COUNT; i++) {
            points[2 * i] = x(coords, base, i, frame);
            points[2 * i + 1] = y(coords, base, i, frame);
        }
        return points;
    }

    @Override
    public List<Keypoint> decode(Map<String, float[]> outputs, int item, Frame frame) {
        float[] coords = outputs.get(OUTPUT);
        int base = item * names.size() * 2;
        List<Keypoint> points = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            points.add(new Keypoint(names.get(i), x(coords, base, i, frame), y(coords, base, i, frame)));
        }
        return points;
    }

    /** Point {@code i} of an item from {@code base}: crop-normalised to the image's pixels, to 0.01 px. */
    private static double x(float[] coords, int base, int i, Frame frame) {
        return Math.round(frame.x(coords[base + 2 * i], coords[base + 2 * i + 1]) * 100) / 100.0;
    }

    private static double y(float[] coords, int base, int i, Frame frame) {
        return Math.round(frame.y(coords[base + 2 * i], coords[base + 2 * i + 1]) * 100) / 100.0;
    }

    /** The keypoints' names, in the model's output order. */
    public List<String> names() {
        return names;
    }
}

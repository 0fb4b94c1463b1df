package ai.emotion.serving;

import java.util.List;
import java.util.Map;

import ai.emotion.quality.FaceQuality;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.translate.Keypoint;
import ai.emotion.vision.DetectedFace;

/** Every face of a whole photo, largest first, with the versions and the detector that served them. */
public record PhotoResult(int width, int height, String detector, List<Face> faces, String emotionVersion,
        String keypointsVersion) {

    /**
     * One face; {@code landmarks68} (x0, y0, ... in the photo's pixels) is null when the keypoint model has none;
     * {@code emotion} is null when the caller's {@link ExpressionGate} withheld it, {@code withheld} says why;
     * {@code models}: model name -> result of each per-face model of another kind (empty without one).
     */
    public record Face(DetectedFace face, EmotionPrediction emotion, List<Keypoint> keypoints, double[] landmarks68,
            FaceQuality quality, String withheld, Map<String, Object> models) {
    }
}

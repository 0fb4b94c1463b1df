package ai.emotion.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.quality.FaceQuality;
import ai.emotion.serving.PhotoResult;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.vision.DetectedFace;

/** Track ids by box overlap and the smoothing of probabilities, without models. */
class FaceTrackerTest {
    static PhotoResult.Face face(double x, double y, double happy) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Happy", happy);
        p.put("Sad", 1 - happy);
        return new PhotoResult.Face(new DetectedFace(x, y, 100, 100, 0.9, new double[10]),
                new EmotionPrediction(happy >= 0.5 ? "Happy" : "Sad", Math.max(happy, 1 - happy), p), List.of(), null,
                new FaceQuality(0.9, 100, 500, null), null, Map.of());
    }

    @Test
    void facesKeepTheirIdsWhileTheyMoveAndSwapOrder() {
        FaceTracker tracker = new FaceTracker(0.3, 2);
        List<FaceTracker.Tracked> first = tracker.update(List.of(face(0, 0, 1), face(300, 0, 0)), 1);
        List<FaceTracker.Tracked> second = tracker.update(List.of(face(310, 5, 0), face(10, 5, 1)), 1);
        assertEquals(first.get(0).trackId(), second.get(1).trackId());
        assertEquals(first.get(1).trackId(), second.get(0).trackId());
        assertNotEquals(first.get(0).trackId(), first.get(1).trackId());
    }

    @Test
    void aFaceFarAwayIsANewTrackAndALostTrackRetiresAfterMaxMissed() {
        FaceTracker tracker = new FaceTracker(0.3, 1);
        long id = tracker.update(List.of(face(0, 0, 1)), 1).get(0).trackId();
        assertNotEquals(id, tracker.update(List.of(face(400, 300, 1)), 1).get(0).trackId());
        tracker.update(List.of(), 1); // missed twice: retired
        assertNotEquals(id, tracker.update(List.of(face(0, 0, 1)), 1).get(0).trackId());
    }

    @Test
    void probabilitiesAreSmoothedExponentially() {
        FaceTracker tracker = new FaceTracker(0.3, 2);
        tracker.update(List.of(face(0, 0, 1.0)), 0.25);
        FaceTracker.Tracked t = tracker.update(List.of(face(0, 0, 0.0)), 0.25).get(0);
        assertEquals(0.75, t.probabilities().get("Happy"), 1e-9);
        assertEquals("Happy", t.emotion(), "the smoothed top class, not the frame's");
    }

    @Test
    void overlap() {
        DetectedFace a = new DetectedFace(0, 0, 100, 100, 1, new double[10]);
        DetectedFace b = new DetectedFace(50, 0, 100, 100, 1, new double[10]);
        assertEquals(50.0 * 100 / (20000 - 5000), FaceTracker.iou(a, b), 1e-9);
        assertEquals(0, FaceTracker.iou(a, new DetectedFace(200, 0, 10, 10, 1, new double[10])));
    }
}

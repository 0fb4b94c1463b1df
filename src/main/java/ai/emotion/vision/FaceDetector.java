package ai.emotion.vision;

import java.util.List;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Finds faces in a photo; boxes are YuNet-like so that the models' crop rules apply to them. */
public interface FaceDetector {
    /** "yunet" or "haar": the answer says which one ran. */
    String name();

    /** Faces in the photo's pixels, largest first; runs on the photo's small detection view. */
    List<DetectedFace> detect(Photo photo);

    /** One detection on a blank photo: the model's set-up happens at startup, not on the first request. */
    default void warmUp() {
        try (MatScope scope = new MatScope()) {
            Mat view = scope.track(Mat.zeros(240, 320, CvType.CV_8UC3));
            Mat gray = scope.track(Mat.zeros(240, 320, CvType.CV_8UC1));
            detect(new Photo(gray, view, 1.0));
        }
    }
}

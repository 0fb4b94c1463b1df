package ai.emotion.vision;

import java.util.List;

import org.opencv.core.Mat;

/** Finds faces in a BGR photo; boxes are YuNet-like so that the models' crop rules apply to them. */
public interface FaceDetector {
    /** "yunet" or "haar": the answer says which one ran. */
    String name();

    /** Faces, largest first. */
    List<DetectedFace> detect(Mat bgr);
}

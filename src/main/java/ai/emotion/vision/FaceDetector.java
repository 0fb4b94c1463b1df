package ai.emotion.vision;

import java.util.List;

/** Finds faces in a photo; boxes are YuNet-like so that the models' crop rules apply to them. */
public interface FaceDetector {
    /** "yunet" or "haar": the answer says which one ran. */
    String name();

    /** Faces in the photo's pixels, largest first; runs on the photo's small detection view. */
    List<DetectedFace> detect(Photo photo);
}

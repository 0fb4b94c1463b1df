package ai.emotion.vision;

import java.util.List;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Finds faces in a BGR photo; boxes are YuNet-like so that the models' crop rules apply to them. */
public interface FaceDetector {
    /** "yunet" or "haar": the answer says which one ran. */
    String name();

    /** Faces, largest first. */
    List<DetectedFace> detect(Mat bgr);

    /** Factor that brings the longest side down to {@code maxSide} (never up): detection needs no more. */
    static double detectionScale(Mat image, int maxSide) {
        return Math.min(1.0, (double) maxSide / Math.max(image.cols(), image.rows()));
    }

    /** {@code image} resized by {@code scale} (INTER_AREA), or itself when the scale is 1. */
    static Mat shrink(Mat image, double scale, MatScope scope) {
        if (scale >= 1.0) {
            return image;
        }
        Mat small = scope.newMat();
        Imgproc.resize(image, small, new Size(Math.round(image.cols() * scale), Math.round(image.rows() * scale)), 0,
                0, Imgproc.INTER_AREA);
        return small;
    }
}

package ai.emotion.vision;

import org.opencv.core.Mat;

/**
 * A decoded whole photo, both Mats owned by the decoding {@link MatScope}: {@code gray} at full resolution
 * for the crops (models take gray faces), and {@code detectionView}, a BGR copy whose longest side is at most
 * the detector's, with {@code detectionScale} = its pixels per photo pixel.
 */
public record Photo(Mat gray, Mat detectionView, double detectionScale) {
    public int width() {
        return gray.cols();
    }

    public int height() {
        return gray.rows();
    }
}

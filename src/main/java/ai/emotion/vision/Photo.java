package ai.emotion.vision;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A decoded whole photo, both Mats owned by the decoding {@link MatScope}: {@code gray} at full resolution
 * for the crops (models take gray faces), and {@code detectionView}, a BGR copy whose longest side is at most
 * the detector's, with {@code detectionScale} = its pixels per photo pixel.
 */
public record Photo(Mat gray, Mat detectionView, double detectionScale) {
    /**
     * A photo whose detection view is {@code bgr} (decoded at 1/{@code reduction} of the photo's size) scaled down
     * to at most {@code maxSide}; the scaled copy is tracked by {@code scope}.
     */
    static Photo withView(Mat gray, Mat bgr, int reduction, int maxSide, MatScope scope) {
        double viewScale = Math.min(1.0, (double) maxSide / Math.max(bgr.cols(), bgr.rows()));
        Mat view = bgr;
        if (viewScale < 1.0) {
            view = scope.newMat();
            // at least one pixel each way: a 4000x1 photo scales to 320x1, not to an empty size OpenCV refuses
            Imgproc.resize(bgr, view, new Size(Math.max(1, Math.round(bgr.cols() * viewScale)),
                    Math.max(1, Math.round(bgr.rows() * viewScale))), 0, 0, Imgproc.INTER_AREA);
        }
        return new Photo(gray, view, viewScale / reduction);
    }

    public int width() {
        return gray.cols();
    }

    public int height() {
        return gray.rows();
    }
}

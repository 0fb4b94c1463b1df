package ai.emotion.quality;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import ai.emotion.vision.MatScope;

/**
 * Sharpness of a face: the variance of the Laplacian (Pech-Pacheco et al. 2000) of the face square resized to
 * 96x96 gray. The fixed size makes figures comparable between a 40-pixel and a 400-pixel face: a small face
 * (upscaled) and a blurred one both score low, which is what the expression model suffers from.
 */
public final class Sharpness {
    public static final int SIDE = 96;

    private Sharpness() {
    }

    /** {@code faceSquare}: 8-bit gray, any size. */
    public static double of(Mat faceSquare, MatScope scope) {
        Mat resized = scope.newMat();
        Imgproc.resize(faceSquare, resized, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
        Mat laplacian = scope.newMat();
        Imgproc.Laplacian(resized, laplacian, CvType.CV_64F);
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        try {
            Core.meanStdDev(laplacian, mean, std);
            double s = std.get(0, 0)[0];
            return Math.round(s * s * 10) / 10.0;
        } finally {
            mean.release();
            std.release();
        }
    }
}

package ai.emotion.geometry;

import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point3;

/**
 * The 3D mean face head pose is solved against, in millimetres: x to the image's right, y down, z away from the
 * camera (a frontal face's own axes match the camera's). x and y are the symmetrised mean of the 2,968 annotated
 * faces of ../shared/data/landmarks68 (each face centred, de-rotated and scaled to 90 mm between the outer eye
 * corners; origin between the four eye corners); z is an anthropometric estimate (nose tip 32 mm in front of
 * the inner eye corners, outer corners 12 mm behind them, and so on). Only rigid landmarks are used: brows,
 * nose, eyes, the mouth's corners and centre lines and the chin; the jaw line (points 0-7, 9-16) moves with the
 * jaw and its depth is too uncertain.
 */
final class MeanFace {
    /** iBUG 68 index, x, y, z. */
    private static final double[][] POINTS = {
            { 8, 0.0, 123.9, -6 },
            { 17, -59.3, -17.2, 14 }, { 18, -50.2, -23.2, 4 }, { 19, -38.8, -25.0, -4 }, { 20, -28.2, -23.9, -7 },
            { 21, -18.9, -21.2, -8 }, { 22, 18.9, -21.2, -8 }, { 23, 28.2, -23.9, -7 }, { 24, 38.8, -25.0, -4 },
            { 25, 50.2, -23.2, 4 }, { 26, 59.3, -17.2, 14 },
            { 27, 0.0, 1.0, -6 }, { 28, 0.0, 15.0, -14 }, { 29, 0.0, 28.1, -22 }, { 30, 0.0, 39.4, -32 },
            { 31, -12.7, 47.4, -12 }, { 32, -7.2, 49.1, -17 }, { 33, 0.0, 50.8, -18 }, { 34, 7.2, 49.1, -17 },
            { 35, 12.7, 47.4, -12 },
            { 36, -45.0, -0.6, 12 }, { 37, -37.7, -3.3, 5 }, { 38, -28.5, -3.3, 2 }, { 39, -19.9, 0.6, 0 },
            { 40, -27.8, 3.3, 2 }, { 41, -37.5, 3.3, 5 },
            { 42, 19.9, 0.6, 0 }, { 43, 28.5, -3.3, 2 }, { 44, 37.7, -3.3, 5 }, { 45, 45.0, -0.6, 12 },
            { 46, 37.5, 3.3, 5 }, { 47, 27.8, 3.3, 2 },
            { 48, -26.6, 73.2, 2 }, { 51, 0.0, 65.3, -13 }, { 54, 26.6, 73.2, 2 }, { 57, 0.0, 87.0, -11 },
    };

    private MeanFace() {
    }

    static int size() {
        return POINTS.length;
    }

    /** The iBUG 68 index of model point {@code i}. */
    static int landmark(int i) {
        return (int) POINTS[i][0];
    }

    /** A new Mat of the model points; the caller releases it. */
    static MatOfPoint3f points() {
        Point3[] points = new Point3[POINTS.length];
        for (int i = 0; i < POINTS.length; i++) {
            points[i] = new Point3(POINTS[i][1], POINTS[i][2], POINTS[i][3]);
        }
        return new MatOfPoint3f(points);
    }
}

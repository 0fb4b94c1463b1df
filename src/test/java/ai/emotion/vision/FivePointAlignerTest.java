package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.Preprocessing;

/**
 * The five-point rule: the closed-form similarity is the least-squares one, the warp puts the landmarks on the
 * template, its frame maps model coordinates back onto the photo's landmarks (angle sign included), the packed
 * tensor is the warp / 255, and a face without landmarks gets the rule's plain square.
 */
class FivePointAlignerTest {
    static final double[][] TEMPLATE = { { 29.105, 36.406 }, { 77.215, 37.421 }, { 51.858, 63.075 },
            { 34.159, 83.31 }, { 71.444, 83.615 } };
    static final CropRuleSpec RULE = new CropRuleSpec(CropRuleSpec.FIVE_POINT, "yunet", 0.93, -0.004, 0.027, null,
            TEMPLATE, 112.0);
    static final int SIDE = 112;

    @BeforeAll
    static void load() {
        nu.pattern.OpenCV.loadLocally();
    }

    /** The template (in model pixels of side {@code SIDE}) turned by {@code angle}, scaled by {@code scale}, moved. */
    static double[] landmarksOf(double angle, double scale, double tx, double ty) {
        double[] l = new double[10];
        for (int i = 0; i < 5; i++) {
            double x = TEMPLATE[i][0] * SIDE / 112.0;
            double y = TEMPLATE[i][1] * SIDE / 112.0;
            l[2 * i] = tx + scale * (Math.cos(angle) * x - Math.sin(angle) * y);
            l[2 * i + 1] = ty + scale * (Math.sin(angle) * x + Math.cos(angle) * y);
        }
        return l;
    }

    @Test
    void theFrameMapsTheTemplatePointsBackOntoTheLandmarks() {
        double angle = Math.toRadians(25);
        double[] landmarks = landmarksOf(angle, 1.7, 140, 60);
        double[] m = FivePointAligner.matrix(landmarks, RULE, SIDE);
        Frame frame = FivePointAligner.frame(m, SIDE);
        // a face turned clockwise (y down) by 25 degrees: the frame's angle is +25 degrees, as the eye-line rule's
        assertEquals(angle, frame.angle(), 1e-9);
        assertEquals(SIDE * 1.7, frame.width(), 1e-9);
        for (int i = 0; i < 5; i++) {
            double u = TEMPLATE[i][0] / 112.0;
            double v = TEMPLATE[i][1] / 112.0;
            assertEquals(landmarks[2 * i], frame.x(u, v), 1e-9, "x of point " + i);
            assertEquals(landmarks[2 * i + 1], frame.y(u, v), 1e-9, "y of point " + i);
            // and M takes the landmark to the template point
            assertEquals(TEMPLATE[i][0], m[0] * landmarks[2 * i] + m[1] * landmarks[2 * i + 1] + m[2], 1e-9);
            assertEquals(TEMPLATE[i][1], m[3] * landmarks[2 * i] + m[4] * landmarks[2 * i + 1] + m[5], 1e-9);
        }
    }

    @Test
    void theFrameIsTheInverseOfTheFitForNoisyLandmarksToo() {
        double[] landmarks = landmarksOf(Math.toRadians(-12), 0.8, 30, 45);
        double[] noise = { 1.5, -2, 0.5, 1, -1, 2.5, 2, -0.5, -1.5, -1 };
        for (int k = 0; k < 10; k++) {
            landmarks[k] += noise[k];
        }
        double[] m = FivePointAligner.matrix(landmarks, RULE, SIDE);
        Frame frame = FivePointAligner.frame(m, SIDE);
        for (double[] q : new double[][] { { 0, 0 }, { 1, 0 }, { 0.3, 0.8 }, { 1, 1 } }) {
            double x = frame.x(q[0], q[1]);
            double y = frame.y(q[0], q[1]);
            assertEquals(q[0] * SIDE, m[0] * x + m[1] * y + m[2], 1e-9);
            assertEquals(q[1] * SIDE, m[3] * x + m[4] * y + m[5], 1e-9);
        }
    }

    @Test
    void theClosedFormIsTheLeastSquaresSimilarity() {
        double[] landmarks = { 137, 105, 183, 108, 158, 131, 142, 163, 180, 157 };
        double[] m = FivePointAligner.matrix(landmarks, RULE, SIDE);
        double best = residual(landmarks, m);
        // a, b, tx, ty each moved either way: the sum of squared distances to the template only grows
        for (int p = 0; p < 4; p++) {
            for (double sign : new double[] { 1, -1 }) {
                double[] d = new double[4];
                d[p] = sign * (p < 2 ? 1e-4 : 1e-2);
                double a = m[0] + d[0];
                double b = m[3] + d[1];
                double[] moved = { a, -b, m[2] + d[2], b, a, m[5] + d[3] };
                assertTrue(residual(landmarks, moved) > best, "parameter " + p + " moved by " + d[p]);
            }
        }
    }

    static double residual(double[] landmarks, double[] m) {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            double x = m[0] * landmarks[2 * i] + m[1] * landmarks[2 * i + 1] + m[2];
            double y = m[3] * landmarks[2 * i] + m[4] * landmarks[2 * i + 1] + m[5];
            sum += Math.pow(x - TEMPLATE[i][0], 2) + Math.pow(y - TEMPLATE[i][1], 2);
        }
        return sum;
    }

    @Test
    void theWarpPutsTheLandmarksOnTheTemplateAndPacksAsItIs() {
        double[] landmarks = landmarksOf(Math.toRadians(30), 1.5, 150, 40);
        try (MatScope scope = new MatScope()) {
            Mat gray = scope.track(Mat.zeros(320, 320, CvType.CV_8UC1));
            for (int i = 0; i < 5; i++) {
                Imgproc.circle(gray, new Point(landmarks[2 * i], landmarks[2 * i + 1]), 4, new Scalar(255), -1);
            }
            DetectedFace face = new DetectedFace(100, 50, 150, 170, 0.9, landmarks);
            FaceCropper.Crop crop = FaceCropper.crop(gray, face, RULE, SIDE, scope);
            assertEquals(SIDE, crop.image().cols());
            assertEquals(SIDE, crop.image().rows());
            for (double[] t : TEMPLATE) {
                int x = (int) Math.round(t[0]);
                int y = (int) Math.round(t[1]);
                assertTrue(crop.image().get(y, x)[0] > 200, "landmark at template point " + x + "," + y);
            }
            float[] packed = new float[SIDE * SIDE];
            TensorPacker.pack(crop.image(), new Preprocessing("gray", SIDE, SIDE, "area", 1 / 255f, 0, RULE), packed,
                    0, scope);
            Mat reference = scope.newMat();
            Mat m = scope.track(new Mat(2, 3, CvType.CV_64F));
            m.put(0, 0, FivePointAligner.matrix(landmarks, RULE, SIDE));
            Imgproc.warpAffine(gray, reference, m, new Size(SIDE, SIDE), Imgproc.INTER_LINEAR,
                    Core.BORDER_REPLICATE);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    assertEquals(reference.get(y, x)[0] / 255, packed[y * SIDE + x], 1e-6, "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aFaceWithoutLandmarksGetsThePlainSquare() {
        try (MatScope scope = new MatScope()) {
            Mat gray = scope.track(Mat.zeros(200, 200, CvType.CV_8UC1));
            DetectedFace haar = new DetectedFace(50, 60, 100, 100, 1.0, new double[10]);
            FaceCropper.Crop crop = FaceCropper.crop(gray, haar, RULE, SIDE, scope);
            int side = (int) Math.rint(0.93 * 100);
            assertEquals(side, crop.image().cols());
            assertEquals(0, crop.frame().angle());
            assertEquals(Math.rint(100 - 0.004 * 100 - side / 2.0), crop.frame().x0(), 1e-9);
            assertEquals(Math.rint(110 + 0.027 * 100 - side / 2.0), crop.frame().y0(), 1e-9);
        }
    }

    @Test
    void onlySpreadFiniteLandmarksAreUsable() {
        assertFalse(FivePointAligner.usable(null));
        assertFalse(FivePointAligner.usable(new double[10]));
        assertFalse(FivePointAligner.usable(new double[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 }));
        assertFalse(FivePointAligner.usable(new double[] { Double.NaN, 2, 3, 2, 1, 2, 1, 2, 1, 2 }));
        assertTrue(FivePointAligner.usable(landmarksOf(0, 1, 0, 0)));
    }

    @Test
    void theMatrixHasNoReflection() {
        double[] mirrored = landmarksOf(0, 1, 0, 0);
        for (int i = 0; i < 5; i++) {
            mirrored[2 * i] = -mirrored[2 * i];
        }
        double[] m = FivePointAligner.matrix(mirrored, RULE, SIDE);
        assertArrayEquals(new double[] { m[0], m[3] }, new double[] { m[4], -m[1] }, 0, "[[a, -b], [b, a]]");
        assertTrue(m[0] * m[4] - m[1] * m[3] > 0, "a rotation and scale, never a mirror");
    }
}

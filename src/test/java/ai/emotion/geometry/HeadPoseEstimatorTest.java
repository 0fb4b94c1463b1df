package ai.emotion.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point3;

/**
 * The mean face, turned by a known pose and projected through the estimator's camera, gives that pose back with
 * the documented signs: yaw > 0 moves the nose tip to the image's right, pitch > 0 moves it up, roll > 0 turns
 * the eye line clockwise on screen.
 */
class HeadPoseEstimatorTest {
    static final int W = 640;
    static final int H = 480;

    @BeforeAll
    static void load() {
        nu.pattern.OpenCV.loadLocally();
    }

    /** 68 landmarks (only the mean face's own are set) of the mean face at pose (yaw, pitch, roll), 600 mm away. */
    static double[] project(double yaw, double pitch, double roll) {
        // the estimator reads R = Rz(roll) Ry(-yaw) Rx(-pitch)
        double[][] r = multiply(rz(Math.toRadians(roll)), multiply(ry(Math.toRadians(-yaw)), rx(Math.toRadians(-pitch))));
        MatOfPoint3f model = MeanFace.points();
        Point3[] points = model.toArray();
        model.release();
        double f = Math.max(W, H);
        double[] xy = new double[136];
        for (int i = 0; i < points.length; i++) {
            double[] p = { points[i].x, points[i].y, points[i].z };
            double x = r[0][0] * p[0] + r[0][1] * p[1] + r[0][2] * p[2];
            double y = r[1][0] * p[0] + r[1][1] * p[1] + r[1][2] * p[2];
            double z = r[2][0] * p[0] + r[2][1] * p[1] + r[2][2] * p[2] + 600;
            int k = MeanFace.landmark(i);
            xy[2 * k] = f * x / z + W / 2.0;
            xy[2 * k + 1] = f * y / z + H / 2.0;
        }
        return xy;
    }

    @ParameterizedTest
    @CsvSource({ "0, 0, 0", "30, 0, 0", "-30, 0, 0", "0, 20, 0", "0, -20, 0", "0, 0, 15", "0, 0, -15", "25, -10, 8" })
    void aKnownPoseComesBack(double yaw, double pitch, double roll) {
        HeadPose pose = HeadPoseEstimator.estimate(project(yaw, pitch, roll), W, H);
        assertEquals(yaw, pose.yaw(), 0.2);
        assertEquals(pitch, pose.pitch(), 0.2);
        assertEquals(roll, pose.roll(), 0.2);
    }

    @ParameterizedTest
    @CsvSource({ "30, 0, 0", "0, 20, 0", "0, 0, 15" })
    void signsMeanWhatTheDocumentationSays(double yaw, double pitch, double roll) {
        double[] frontal = project(0, 0, 0);
        double[] turned = project(yaw, pitch, roll);
        int nose = 30;
        if (yaw > 0) {
            assertTrue(turned[2 * nose] > frontal[2 * nose], "yaw > 0: the nose tip moves to the image's right");
        }
        if (pitch > 0) {
            assertTrue(turned[2 * nose + 1] < frontal[2 * nose + 1] - 5, "pitch > 0: the nose tip moves up");
        }
        if (roll > 0) {
            assertTrue(turned[2 * 45 + 1] > turned[2 * 36 + 1], "roll > 0: the image-right eye corner is lower");
        }
    }

    @org.junit.jupiter.api.Test
    void noLandmarksNoPose() {
        assertNull(HeadPoseEstimator.estimate(null, W, H));
        assertNull(HeadPoseEstimator.estimate(new double[30], W, H));
    }

    static double[][] rx(double a) {
        return new double[][] { { 1, 0, 0 }, { 0, Math.cos(a), -Math.sin(a) }, { 0, Math.sin(a), Math.cos(a) } };
    }

    static double[][] ry(double a) {
        return new double[][] { { Math.cos(a), 0, Math.sin(a) }, { 0, 1, 0 }, { -Math.sin(a), 0, Math.cos(a) } };
    }

    static double[][] rz(double a) {
        return new double[][] { { Math.cos(a), -Math.sin(a), 0 }, { Math.sin(a), Math.cos(a), 0 }, { 0, 0, 1 } };
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}

package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import ai.emotion.model.CropRuleSpec;

/** The eye-line crop: eyes level in the crop, and model coordinates mapped back onto the photo's pixels. */
class FaceCropperTest {
    @BeforeAll
    static void load() {
        nu.pattern.OpenCV.loadLocally();
    }

    @Test
    void eyeLineCropLevelsTheEyesAndItsFrameMapsBack() {
        double angle = Math.toRadians(20);
        double[] right = { 100 - 30 * Math.cos(angle), 100 - 30 * Math.sin(angle) };
        double[] left = { 100 + 30 * Math.cos(angle), 100 + 30 * Math.sin(angle) };
        try (MatScope scope = new MatScope()) {
            Mat gray = scope.track(Mat.zeros(200, 200, CvType.CV_8UC1));
            Imgproc.circle(gray, new Point(right[0], right[1]), 3, new Scalar(255), -1);
            Imgproc.circle(gray, new Point(left[0], left[1]), 3, new Scalar(255), -1);
            DetectedFace face = new DetectedFace(50, 50, 100, 100, 0.9,
                    new double[] { right[0], right[1], left[0], left[1], 100, 110, 90, 130, 110, 130 });
            FaceCropper.Crop crop = FaceCropper.crop(gray,
                    face, new CropRuleSpec("square_around_detector_box", "yunet", 1.0, 0, 0, "eye_line"), 96, scope);
            assertEquals(angle, crop.frame().angle(), 1e-9);
            // in the turned crop the eyes sit level at the centre's height, 30 px either side of it
            double[][] inCrop = { { 0.2, 0.5 }, { 0.8, 0.5 } };
            for (double[] uv : inCrop) {
                int x = (int) Math.round(uv[0] * 100);
                int y = (int) Math.round(uv[1] * 100);
                assertTrue(crop.image().get(y, x)[0] > 128, "eye at " + x + "," + y + " of the crop");
            }
            assertEquals(right[0], crop.frame().x(0.2, 0.5), 1e-9);
            assertEquals(right[1], crop.frame().y(0.2, 0.5), 1e-9);
            assertEquals(left[0], crop.frame().x(0.8, 0.5), 1e-9);
            assertEquals(left[1], crop.frame().y(0.8, 0.5), 1e-9);
        }
    }
}

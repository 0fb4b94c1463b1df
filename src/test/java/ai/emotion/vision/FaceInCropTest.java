package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.emotion.TestConfig;
import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;

/**
 * The five landmarks of a face that fills the image (what the face endpoints receive): found on real face crops
 * in the crop's own pixels, on the annotated eyes; nothing on a flat image.
 */
class FaceInCropTest {
    static YuNetFaceDetector yunet;

    @BeforeAll
    static void load() {
        nu.pattern.OpenCV.loadLocally();
        yunet = new YuNetFaceDetector(TestConfig.defaults().faceDetector(),
                "models-onnx/face-detector/1/face_detection_yunet_2023mar.onnx");
    }

    @Test
    void findsTheEyesOfTightFaceCropsInTheCropsPixels() {
        for (LandmarkPhoto photo : TestData.heldOutLandmarkPhotos(6)) {
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.track(Imgcodecs.imread(photo.file().toString(), Imgcodecs.IMREAD_GRAYSCALE));
                Rect box = tightBox(photo, gray);
                assertEyesFound(photo, scope.track(gray.submat(box)), box, 1.0, scope);
            }
        }
    }

    /** A crop as small as FER2013's is upscaled for the detector; the landmarks come back in its own pixels. */
    @Test
    void findsTheEyesOfSmallCropsInTheirOwnPixels() {
        for (LandmarkPhoto photo : TestData.heldOutLandmarkPhotos(6)) {
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.track(Imgcodecs.imread(photo.file().toString(), Imgcodecs.IMREAD_GRAYSCALE));
                Rect box = tightBox(photo, gray);
                Mat small = scope.newMat();
                Imgproc.resize(gray.submat(box), small, new Size(64, 64), 0, 0, Imgproc.INTER_AREA);
                assertEyesFound(photo, small, box, 64.0 / box.width, scope);
            }
        }
    }

    /** The eyes found in {@code crop}, cut at {@code box} of the photo and scaled by {@code k}. */
    static void assertEyesFound(LandmarkPhoto photo, Mat crop, Rect box, double k, MatScope scope) {
        Optional<DetectedFace> face = FaceInCrop.find(yunet, crop, 320, scope);
        assertTrue(face.isPresent(), photo.file() + ": no face in its " + crop.cols() + " px crop");
        double[] l = face.get().landmarks5();
        double[] right = photo.mean(36, 42); // the subject's right eye: YuNet's first, image-left
        double[] left = photo.mean(42, 48);
        double iod = k * Math.hypot(left[0] - right[0], left[1] - right[1]);
        // YuNet's eye points lie up to a third of the eye distance from the annotated eye centres on these photos
        assertTrue(Math.hypot(l[0] - k * (right[0] - box.x), l[1] - k * (right[1] - box.y)) < 0.4 * iod,
                photo.file() + ": right eye off");
        assertTrue(Math.hypot(l[2] - k * (left[0] - box.x), l[3] - k * (left[1] - box.y)) < 0.4 * iod,
                photo.file() + ": left eye off");
        assertTrue(FivePointAligner.usable(l));
    }

    @Test
    void aFlatImageHasNoFace() {
        try (MatScope scope = new MatScope()) {
            Mat flat = scope.track(new Mat(96, 96, CvType.CV_8UC1, new Scalar(128)));
            assertFalse(FaceInCrop.find(yunet, flat, 320, scope).isPresent());
            Mat tiny = scope.track(new Mat(8, 8, CvType.CV_8UC1, new Scalar(128)));
            assertFalse(FaceInCrop.find(yunet, tiny, 320, scope).isPresent(), "too small to hold a face");
        }
    }

    /** A square just around the annotated 68 points, a little above their centre: the face fills it. */
    static Rect tightBox(LandmarkPhoto photo, Mat gray) {
        int[] square = photo.square(1.1, gray.cols(), gray.rows());
        return new Rect(square[0], square[1], square[2], square[2]);
    }
}

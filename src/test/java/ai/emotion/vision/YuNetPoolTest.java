package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import ai.emotion.TestConfig;

/**
 * Native memory does not grow with the number of threads that ran a photo: 16 threads share a pool of 2
 * FaceDetectorYN instances (before, each thread kept its own, several MB of native buffers each).
 */
class YuNetPoolTest {
    @Test
    void manyThreadsShareAFixedPoolOfDetectors() throws Exception {
        nu.pattern.OpenCV.loadLocally();
        YuNetFaceDetector detector = new YuNetFaceDetector(
                TestConfig.with(Map.of("emotion-ai.face-detector.pool-size", "2")).faceDetector(),
                "models-onnx/face-detector/1/face_detection_yunet_2023mar.onnx");
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                runs.add(threads.submit(() -> {
                    try (MatScope scope = new MatScope()) {
                        Mat view = scope.track(Mat.zeros(240, 320, CvType.CV_8UC3));
                        return detector.detect(new Photo(scope.track(Mat.zeros(240, 320, CvType.CV_8UC1)), view, 1.0))
                                .size();
                    }
                }));
            }
            for (Future<Integer> run : runs) {
                assertEquals(0, run.get(), "a blank photo has no face");
            }
        } finally {
            threads.shutdown();
        }
        assertTrue(detector.created() <= 2, detector.created() + " detectors for 16 threads");
    }
}

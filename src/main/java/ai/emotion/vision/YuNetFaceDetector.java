package ai.emotion.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;

import ai.emotion.config.EmotionAiConfig;

/**
 * OpenCV's YuNet face detector. FaceDetectorYN instances are not thread-safe, so each worker thread keeps
 * its own. It runs on the photo's detection view (scaled down to emotion-ai.face-detector.max-side); the boxes
 * are scaled back to the photo.
 */
public final class YuNetFaceDetector implements FaceDetector {
    private final ThreadLocal<FaceDetectorYN> detectors;

    public YuNetFaceDetector(EmotionAiConfig.FaceDetector config, String modelPath) {
        if (!Files.isRegularFile(Path.of(modelPath))) {
            throw new IllegalStateException(modelPath + ": YuNet model not found (emotion-ai.face-detector.model)");
        }
        this.detectors = ThreadLocal.withInitial(() -> FaceDetectorYN.create(modelPath, "", new Size(320, 320),
                config.scoreThreshold(), config.nmsThreshold(), config.topK()));
        detectors.get(); // fail at startup, not on the first photo, if OpenCV cannot load the model
    }

    @Override
    public String name() {
        return "yunet";
    }

    @Override
    public List<DetectedFace> detect(Photo photo) {
        try (MatScope scope = new MatScope()) {
            double scale = photo.detectionScale();
            Mat input = photo.detectionView();
            FaceDetectorYN detector = detectors.get();
            detector.setInputSize(new Size(input.cols(), input.rows()));
            Mat rows = scope.newMat();
            detector.detect(input, rows);
            List<DetectedFace> faces = new ArrayList<>();
            float[] row = new float[15];
            for (int i = 0; i < rows.rows(); i++) {
                rows.get(i, 0, row);
                double[] landmarks = new double[10];
                for (int k = 0; k < 10; k++) {
                    landmarks[k] = row[4 + k] / scale;
                }
                faces.add(new DetectedFace(row[0] / scale, row[1] / scale, row[2] / scale, row[3] / scale, row[14],
                        landmarks));
            }
            faces.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
            return faces;
        }
    }
}

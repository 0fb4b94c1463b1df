package ai.emotion.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;

import ai.emotion.config.EmotionAiConfig;

/**
 * OpenCV's YuNet face detector. FaceDetectorYN instances are not thread-safe and each holds several MB of
 * native buffers, so a small fixed pool of them (emotion-ai.face-detector.pool-size) serves every thread: native
 * memory no longer grows with the number of worker threads that ever ran a photo. It runs on the photo's
 * detection view (scaled down to emotion-ai.face-detector.max-side); the boxes are scaled back to the photo.
 */
public final class YuNetFaceDetector implements FaceDetector {
    private final BlockingQueue<FaceDetectorYN> idle;
    private final Supplier<FaceDetectorYN> create;
    private final AtomicInteger created = new AtomicInteger();
    private final int poolSize;

    public YuNetFaceDetector(EmotionAiConfig.FaceDetector config, String modelPath) {
        if (!Files.isRegularFile(Path.of(modelPath))) {
            throw new IllegalStateException(modelPath + ": YuNet model not found (emotion-ai.face-detector.model)");
        }
        this.poolSize = Math.max(1, config.poolSize().orElse(Runtime.getRuntime().availableProcessors()));
        this.idle = new ArrayBlockingQueue<>(poolSize, true); // fair: under a flood, first come first served
        this.create = () -> FaceDetectorYN.create(modelPath, "", new Size(320, 320), config.scoreThreshold(),
                config.nmsThreshold(), config.topK());
        release(borrow()); // fail at startup, not on the first photo, if OpenCV cannot load the model
    }

    /** An idle detector, a new one while fewer than the pool size exist, else the next one returned. */
    private FaceDetectorYN borrow() {
        FaceDetectorYN detector = idle.poll();
        if (detector != null) {
            return detector;
        }
        if (created.getAndIncrement() < poolSize) {
            return create.get();
        }
        created.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a face detector", e);
        }
    }

    private void release(FaceDetectorYN detector) {
        idle.offer(detector);
    }

    /** Detectors created so far (never more than the pool size). */
    public int created() {
        return created.get();
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
            Mat rows = scope.newMat();
            FaceDetectorYN detector = borrow();
            try {
                detector.setInputSize(new Size(input.cols(), input.rows()));
                detector.detect(input, rows);
            } finally {
                release(detector);
            }
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

package ai.emotion.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * Fallback when no YuNet model is configured: OpenCV's Haar frontal-face cascade (taken from the
 * org.bytedeco:opencv jar by the build). Its boxes are converted to YuNet-like boxes with the medians that
 * conversion/experiments/calibrate_haar_box.py measured on the landmark photos, because the crop rules were calibrated on
 * YuNet boxes. It gives no score (1.0) and no landmarks (zeros).
 */
public final class HaarFaceDetector implements FaceDetector {
    static final String CASCADE = "/haarcascades/haarcascade_frontalface_default.xml";
    // YuNet box relative to the Haar box (median over 485 photos): centre shift, width and height ratios.
    static final double SHIFT_X = -0.002;
    static final double SHIFT_Y = 0.021;
    static final double WIDTH_RATIO = 0.795;
    static final double HEIGHT_RATIO = 1.048;

    private final ThreadLocal<CascadeClassifier> cascades;

    public HaarFaceDetector() {
        Path file = extractCascade();
        this.cascades = ThreadLocal.withInitial(() -> new CascadeClassifier(file.toString()));
        if (cascades.get().empty()) {
            throw new IllegalStateException(file + ": OpenCV cannot load the Haar cascade");
        }
    }

    /** CascadeClassifier reads files only; the cascade ships inside the application jar. */
    private static Path extractCascade() {
        try (InputStream in = HaarFaceDetector.class.getResourceAsStream(CASCADE)) {
            if (in == null) {
                throw new IllegalStateException(CASCADE + " is missing from the application (built by Maven)");
            }
            Path file = Files.createTempFile("haarcascade_frontalface_default", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "haar";
    }

    @Override
    public List<DetectedFace> detect(Photo photo) {
        try (MatScope scope = new MatScope()) {
            double scale = photo.detectionScale();
            Mat gray = ImageDecoder.toGray(photo.detectionView(), scope);
            MatOfRect found = (MatOfRect) scope.track(new MatOfRect());
            cascades.get().detectMultiScale(gray, found, 1.1, 5, 0, new Size(20, 20));
            List<DetectedFace> faces = new ArrayList<>();
            for (Rect r : found.toArray()) {
                double w = r.width / scale;
                double h = r.height / scale;
                double cx = (r.x + r.width / 2.0) / scale + SHIFT_X * w;
                double cy = (r.y + r.height / 2.0) / scale + SHIFT_Y * h;
                double yw = WIDTH_RATIO * w;
                double yh = HEIGHT_RATIO * h;
                faces.add(new DetectedFace(cx - yw / 2, cy - yh / 2, yw, yh, 1.0, new double[10]));
            }
            faces.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
            return faces;
        }
    }
}

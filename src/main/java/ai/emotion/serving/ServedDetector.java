package ai.emotion.serving;

import java.nio.file.Path;
import java.util.Optional;

import ai.emotion.model.ModelId;
import ai.emotion.vision.FaceDetector;

/**
 * The face detector whole photos go through: the repository's face-detection model (or the file
 * emotion-ai.face-detector.model names instead), else OpenCV's Haar cascade; {@code file} is what it loaded.
 */
public record ServedDetector(FaceDetector detector, Optional<ModelId> model, Optional<Path> file) {
    /** "face-detector/1", or the detector's own name when it is not a repository model. */
    public String label() {
        return model.map(ModelId::toString).orElse(detector.name());
    }
}

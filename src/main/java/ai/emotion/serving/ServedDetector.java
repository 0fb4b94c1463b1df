package ai.emotion.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.emotion.model.ModelId;
import ai.emotion.vision.DetectedFace;
import ai.emotion.vision.FaceDetector;
import ai.emotion.vision.Photo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The face detector whole photos go through, served like a model version: the repository's face-detection model
 * (its config.json default_version, else the highest; or the file emotion-ai.face-detector.model names instead), else
 * OpenCV's Haar cascade; {@code file} is what it loaded. Its runs are timed as every session's are
 * ({@code emotion_ai_inference_seconds{model, version}}), it warms with the others and a reload can replace it.
 */
public record ServedDetector(FaceDetector detector, Optional<ModelId> model, Optional<Path> file, Timer latency)
        implements FaceDetector {

    static ServedDetector of(FaceDetector detector, Optional<ModelId> model, Optional<Path> file,
            MeterRegistry meters) {
        Timer latency = Timer.builder("emotion_ai.inference").description("ONNX Runtime session run time per batch")
                .tags("model", model.map(ModelId::name).orElse("face-detector"),
                        "version", model.map(ModelId::version).orElse(detector.name()))
                .publishPercentileHistogram().register(meters);
        return new ServedDetector(detector, model, file, latency);
    }

    /** "face-detector/1", or the detector's own name when it is not a repository model. */
    public String label() {
        return model.map(ModelId::toString).orElse(detector.name());
    }

    @Override
    public String name() {
        return detector.name();
    }

    @Override
    public List<DetectedFace> detect(Photo photo) {
        return latency.record(() -> detector.detect(photo));
    }
}

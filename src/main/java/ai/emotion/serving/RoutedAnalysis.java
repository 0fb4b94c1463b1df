package ai.emotion.serving;

import java.util.List;

import ai.emotion.vision.MatScope;
import ai.emotion.vision.Photo;

/**
 * Whole-photo analysis with its versions routed once, for a sequence of photos (a video's frames, a batch's
 * images): every photo gets the same versions and options. It holds no admission place; its caller does
 * ({@link Inference#admit}).
 */
public final class RoutedAnalysis {
    private final PhotoAnalyzer photos;
    private final AnalyzeOptions options;
    private final FaceModels models;

    RoutedAnalysis(PhotoAnalyzer photos, AnalyzeOptions options, FaceModels models) {
        this.photos = photos;
        this.options = options;
        this.models = models;
    }

    /** One decoded photo; its Mats and its crops' stay owned by {@code scope}. */
    public PhotoResult analyze(Photo photo, MatScope scope) {
        return photos.analyze(photo, options, models, scope);
    }

    /** Several decoded photos, their faces run through each model together; results in their order. */
    public List<PhotoResult> analyzeAll(List<Photo> batch, MatScope scope) {
        return photos.analyzeAll(batch, options, models, scope);
    }

    public String emotionVersion() {
        return models.emotionModel().id().version();
    }

    public String keypointsVersion() {
        return models.keypointModel().id().version();
    }

    /** The keypoint model's point names, in its output order. */
    public List<String> keypointNames() {
        return models.keypoints().names();
    }

    /** The emotion model's labels, in its output order. */
    public List<String> emotionLabels() {
        return models.emotion().labels();
    }
}

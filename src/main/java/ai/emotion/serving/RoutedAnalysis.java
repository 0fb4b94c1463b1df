package ai.emotion.serving;

import java.util.List;

import ai.emotion.translate.EmotionTranslator;
import ai.emotion.translate.KeypointTranslator;
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
    private final ModelVersion emotionModel;
    private final EmotionTranslator emotion;
    private final ModelVersion keypointModel;
    private final KeypointTranslator keypoints;

    RoutedAnalysis(PhotoAnalyzer photos, AnalyzeOptions options, ModelVersion emotionModel, EmotionTranslator emotion,
            ModelVersion keypointModel, KeypointTranslator keypoints) {
        this.photos = photos;
        this.options = options;
        this.emotionModel = emotionModel;
        this.emotion = emotion;
        this.keypointModel = keypointModel;
        this.keypoints = keypoints;
    }

    /** One decoded photo; its Mats and its crops' stay owned by {@code scope}. */
    public PhotoResult analyze(Photo photo, MatScope scope) {
        return photos.analyze(photo, options, emotionModel, emotion, keypointModel, keypoints, scope);
    }

    /** Several decoded photos, their faces run through each model together; results in their order. */
    public List<PhotoResult> analyzeAll(List<Photo> batch, MatScope scope) {
        return photos.analyzeAll(batch, options, emotionModel, emotion, keypointModel, keypoints, scope);
    }

    public String emotionVersion() {
        return emotionModel.id().version();
    }

    public String keypointsVersion() {
        return keypointModel.id().version();
    }

    /** The keypoint model's point names, in its output order. */
    public List<String> keypointNames() {
        return keypoints.names();
    }

    /** The emotion model's labels, in its output order. */
    public List<String> emotionLabels() {
        return emotion.labels();
    }
}

package ai.emotion.serving;

import java.util.List;

import ai.emotion.translate.EmotionTranslator;
import ai.emotion.translate.KeypointTranslator;

/**
 * The per-face models of one analysis, routed: the expression and keypoint models (the quality gate reads the
 * keypoints), then every served model of another registered kind ({@link ai.emotion.translate.FaceModelKind}), run
 * on each face in that order.
 */
record FaceModels(ModelVersion emotionModel, EmotionTranslator emotion, ModelVersion keypointModel,
        KeypointTranslator keypoints, List<ModelVersion> others) {
}

package ai.emotion.serving;

import java.util.Optional;

import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import ai.emotion.engine.Predictor;
import ai.emotion.model.ModelLoadException;
import ai.emotion.model.TestVectors;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.vision.MatScope;

/**
 * A version's test vectors run on the session that will serve it, one case at a time as requests run: the same
 * graph can answer differently on another CPU (issue 28: int8 U8S8 kernels saturate without VNNI), and a version
 * that does not reproduce its vectors here must not answer.
 */
final class SelfCheck {
    private SelfCheck() {
    }

    /** Why the session does not reproduce {@code vectors} (the first case that fails); empty when it does. */
    static Optional<String> mismatch(Predictor predictor, FaceTranslator<?> translator, TestVectors vectors) {
        for (TestVectors.Case c : vectors.cases()) {
            float[] input = new float[translator.itemSize()];
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.track(Imgcodecs.imread(vectors.input(c).toString(), Imgcodecs.IMREAD_GRAYSCALE));
                if (gray.empty()) {
                    throw new ModelLoadException(vectors.input(c).toAbsolutePath() + ": missing or not an image ("
                            + vectors.file().toAbsolutePath() + " names it)");
                }
                translator.pack(gray, input, 0, scope);
            }
            Optional<String> mismatch = vectors.mismatch(c, predictor.run(input, 1));
            if (mismatch.isPresent()) {
                return mismatch;
            }
        }
        return Optional.empty();
    }
}

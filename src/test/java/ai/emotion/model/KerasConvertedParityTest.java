package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import ai.emotion.TestConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.translate.Translators;
import ai.emotion.vision.MatScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Models converted from Keras by conversion/keras_to_onnx.py serve in the Java pipeline (model folder checks,
 * the translator of their task, ONNX Runtime) and reproduce the TensorFlow outputs of their test vectors.
 * conversion/tests/test_keras_to_onnx.py writes them into target/keras-converted/ (CI runs pytest before Maven,
 * with TensorFlow installed by .ci/install); without that folder this test is skipped.
 */
class KerasConvertedParityTest {
    private static final Path ROOT = Path.of("target", "keras-converted");
    private static final List<String> EXPECTED = List.of("keras-emotion/1", "keras-keypoints/1");

    @BeforeAll
    static void loadOpenCv() {
        nu.pattern.OpenCV.loadLocally();
    }

    @Test
    void convertedKerasModelsReproduceTheirTestVectors() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ROOT), ROOT.toAbsolutePath() + " not found: it is written by "
                + "the Python tests with TensorFlow installed (.ci/install, then .venv/bin/python -m pytest -q "
                + "conversion/tests/test_keras_to_onnx.py); skipping the Keras-converted parity check");
        SessionLoader loader = new SessionLoader(new SessionOptionsFactory(TestConfig.defaults().engine()),
                Optional.empty(), new SimpleMeterRegistry());
        for (String id : EXPECTED) {
            Path dir = ROOT.resolve(id);
            assertTrue(Files.isRegularFile(dir.resolve("model.json")), dir.toAbsolutePath()
                    + "/model.json missing: rerun conversion/tests/test_keras_to_onnx.py");
            ModelFolder folder = ModelFolder.read(dir);
            ModelMetadata meta = folder.metadata();
            Optional<FaceTranslator<?>> found = Translators.forFolder(folder);
            assertTrue(found.isPresent(), id + ": no translator for task " + meta.task());
            FaceTranslator<?> translator = found.get();

            TestVectors vectors = TestVectors.read(folder.testVectorsFile());
            assertTrue(vectors.tolerance() <= 1e-4, id + ": tolerance " + vectors.tolerance());
            assertFalse(vectors.cases().isEmpty(), id + ": no test vectors");
            try (Predictor predictor = loader.load(folder)) {
                for (TestVectors.Case c : vectors.cases()) {
                    float[] batch = new float[translator.itemSize()];
                    try (MatScope scope = new MatScope()) {
                        Mat gray = scope.track(Imgcodecs.imread(vectors.input(c).toString(),
                                Imgcodecs.IMREAD_GRAYSCALE));
                        assertFalse(gray.empty(), id + ": cannot decode " + c.input());
                        translator.pack(gray, batch, 0, scope);
                    }
                    assertEquals(Optional.empty(), vectors.mismatch(c, predictor.run(batch, 1)), id);
                }
            }
        }
    }
}

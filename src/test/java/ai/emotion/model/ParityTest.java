package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import ai.emotion.TestModels;
import ai.emotion.serving.ModelRegistry;
import ai.emotion.serving.ModelVersion;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Java pipeline (decode, gray, normalise, ONNX Runtime) reproduces the exporter's PyTorch outputs (fp32), or
 * ONNX Runtime's own outputs for a lower-precision graph within the tolerance its test vectors state.
 */
@QuarkusTest
class ParityTest {
    @Inject
    ModelRegistry registry;
    @Inject
    ImageDecoder decoder;

    @Test
    void everyCommittedModelReproducesItsTestVectors() throws IOException {
        List<ModelFolder> folders = ModelFolder.scan(TestModels.REPOSITORY).stream()
                .filter(f -> f.metadata().isTensorModel()).toList();
        assertTrue(folders.size() >= 3, "emotion/1, emotion/2 and keypoints/1 are committed");
        for (ModelFolder folder : folders) {
            ModelMetadata meta = folder.metadata();
            ModelVersion version = registry.find(meta.name(), Optional.of(meta.version())).orElseThrow();
            TestVectors vectors = TestVectors.read(folder.testVectorsFile());
            // fp32 graphs hold to 1e-4; int8 graphs to what their vectors state (kernels differ by CPU and runtime)
            assertTrue(vectors.tolerance() <= (meta.precision().equals("fp32") ? 1e-4 : 2e-2),
                    meta.id() + ": " + vectors.tolerance());
            for (TestVectors.Case c : vectors.cases()) {
                float[] input = new float[version.itemSize()];
                try (MatScope scope = new MatScope()) {
                    Mat gray = decoder.decodeGray(Files.readAllBytes(vectors.input(c)), scope);
                    version.translator().pack(gray, input, 0, scope);
                }
                assertEquals(Optional.empty(), vectors.mismatch(c, version.run(input, 1)), meta.id().toString());
            }
        }
    }
}

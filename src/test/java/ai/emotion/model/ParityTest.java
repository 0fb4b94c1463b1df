package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        List<ModelFolder> folders = ModelFolder.scan(Path.of("models-onnx")).stream()
                .filter(f -> f.metadata().isTensorModel()).toList();
        assertTrue(folders.size() >= 3, "emotion/1, emotion/2 and keypoints/1 are committed");
        ObjectMapper json = new ObjectMapper();
        for (ModelFolder folder : folders) {
            ModelMetadata meta = folder.metadata();
            ModelVersion version = registry.find(meta.name(), Optional.of(meta.version())).orElseThrow();
            Path vectors = folder.dir().resolve("test_vectors");
            JsonNode doc = json.readTree(vectors.resolve("expected.json").toFile());
            double tolerance = doc.get("tolerance").asDouble();
            // fp32 graphs hold to 1e-4; int8 graphs to what their vectors state (kernels differ by CPU and runtime)
            assertTrue(tolerance <= (meta.precision().equals("fp32") ? 1e-4 : 2e-2), meta.id() + ": " + tolerance);
            for (JsonNode testCase : doc.get("cases")) {
                float[] input = new float[version.itemSize()];
                try (MatScope scope = new MatScope()) {
                    Mat gray = decoder.decodeGray(Files.readAllBytes(vectors.resolve(testCase.get("input").asText())),
                            scope);
                    version.translator().pack(gray, input, 0, scope);
                }
                Map<String, float[]> outputs = version.run(input, 1);
                testCase.get("outputs").fields().forEachRemaining(expected -> {
                    float[] got = outputs.get(expected.getKey());
                    List<Double> want = flatten(expected.getValue());
                    assertEquals(want.size(), got.length, meta.name() + "/" + meta.version() + " " + expected.getKey());
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(want.get(i), got[i], tolerance,
                                meta.name() + "/" + meta.version() + " " + testCase.get("input").asText() + "[" + i + "]");
                    }
                });
            }
        }
    }

    private static List<Double> flatten(JsonNode node) {
        if (node.isNumber()) {
            return List.of(node.asDouble());
        }
        List<Double> out = new java.util.ArrayList<>();
        node.forEach(child -> out.addAll(flatten(child)));
        return out;
    }
}

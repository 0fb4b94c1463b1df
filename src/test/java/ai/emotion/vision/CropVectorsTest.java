package ai.emotion.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.Preprocessing;

/**
 * The crop contract shared with the Python pipeline (models-onnx/crop_vectors, written by
 * conversion/emotion_ai_train/cli/make_crop_vectors.py): for every crop rule of the committed models and every
 * fixed detector output (box and five landmarks), FaceCropper + TensorPacker reproduce the model input that crop.py
 * or align.py cuts from the same photo, every pixel within the vectors' tolerance in gray levels.
 * {@code -Dcrop.vectors.dir=DIR} reads another set.
 */
class CropVectorsTest {
    static final Path DIR = Path.of(System.getProperty("crop.vectors.dir", "models-onnx/crop_vectors"));
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() {
        nu.pattern.OpenCV.loadLocally();
    }

    @TestFactory
    Stream<DynamicTest> everyRuleCutsWhatPythonCuts() throws IOException {
        Path file = DIR.resolve("expected.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), () -> file.toAbsolutePath() + " is absent: the crop vectors "
                + "are written by emotion-ai-make-crop-vectors --models models-onnx, so this test is skipped");
        JsonNode doc = JSON.readTree(file.toFile());
        double tolerance = doc.path("tolerance_gray_levels").asDouble() / 255 + 1e-6;
        JsonNode cases = doc.path("cases");
        assertFalse(cases.isEmpty(), file + " lists no cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("expected").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> check(doc, c, tolerance)));
        }
        return tests.stream();
    }

    /** A committed model whose crop rule (and input side) has no case: the vectors need writing again. */
    @Test
    void everyCommittedRuleHasCases() throws IOException {
        Path file = DIR.resolve("expected.json");
        Assumptions.assumeTrue(Files.isRegularFile(file) && System.getProperty("crop.vectors.dir") == null,
                "checks the committed vectors only");
        List<JsonNode> covered = new ArrayList<>();
        for (JsonNode c : JSON.readTree(file.toFile()).path("cases")) {
            covered.add(JSON.createArrayNode().add(c.path("crop")).add(c.path("side")));
        }
        for (ModelFolder folder : ModelFolder.scan(Path.of("models-onnx"))) {
            JsonNode meta = JSON.readTree(folder.metadataFile().toFile());
            if (meta.has("input")) {
                JsonNode key = JSON.createArrayNode().add(meta.path("preprocessing").path("crop"))
                        .add(meta.path("input").path("shape").path(2));
                assertTrue(covered.contains(key), folder.metadataFile() + ": its crop rule has no case in " + file
                        + " (run emotion-ai-make-crop-vectors --models models-onnx)");
            }
        }
    }

    static void check(JsonNode doc, JsonNode c, double tolerance) throws IOException {
        CropRuleSpec rule = JSON.treeToValue(c.path("crop"), CropRuleSpec.class);
        int side = c.path("side").asInt();
        JsonNode f = doc.path("faces").path(c.path("face").asText());
        double[] box = JSON.treeToValue(f.path("box"), double[].class);
        double[] landmarks = JSON.treeToValue(f.path("landmarks5"), double[].class);
        DetectedFace face = new DetectedFace(box[0], box[1], box[2], box[3], 1.0, landmarks);
        Preprocessing pre = new Preprocessing("gray", side, side, "area", 1 / 255f, 0, rule);
        try (MatScope scope = new MatScope()) {
            Mat photo = read(DIR.resolve(doc.path("photo").asText()), scope);
            Mat expected = read(DIR.resolve(c.path("expected").asText()), scope);
            assertEquals(side, expected.cols());
            assertEquals(side, expected.rows());
            float[] packed = new float[side * side];
            TensorPacker.pack(FaceCropper.crop(photo, face, rule, side, scope).image(), pre, packed, 0, scope);
            double worst = 0;
            int worstAt = 0;
            for (int i = 0; i < packed.length; i++) {
                double off = Math.abs(packed[i] - expected.get(i / side, i % side)[0] / 255);
                if (off > worst) {
                    worst = off;
                    worstAt = i;
                }
            }
            assertTrue(worst <= tolerance, String.format("%s (%s, face %s): pixel %d,%d is %.1f gray levels off",
                    c.path("expected").asText(), rule.type(), c.path("face").asText(), worstAt % side,
                    worstAt / side, worst * 255));
        }
    }

    static Mat read(Path png, MatScope scope) {
        Mat image = scope.track(Imgcodecs.imread(png.toString(), Imgcodecs.IMREAD_GRAYSCALE));
        assertFalse(image.empty(), png + " cannot be read");
        return image;
    }
}

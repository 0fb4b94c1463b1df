package ai.emotion.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelLoadException;

/** The crop rule types a model may name: both known ones load, anything else stops loading naming the model.json. */
class CropRuleValidationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double[][] TEMPLATE = { { 29.105, 36.406 }, { 77.215, 37.421 }, { 51.858, 63.075 },
            { 34.159, 83.31 }, { 71.444, 83.615 } };

    @TempDir
    Path root;

    /** emotion/1 with its crop rule edited (the model file linked, so its checksum still holds). */
    ModelFolder withCrop(Consumer<ObjectNode> edit) throws IOException {
        Path src = Path.of("models-onnx", "emotion", "1");
        Path dir = Files.createDirectories(root.resolve("emotion").resolve("1"));
        ObjectNode meta = (ObjectNode) JSON.readTree(src.resolve("model.json").toFile());
        edit.accept((ObjectNode) meta.path("preprocessing").path("crop"));
        JSON.writeValue(dir.resolve("model.json").toFile(), meta);
        Files.createSymbolicLink(dir.resolve("model.onnx"), src.resolve("model.onnx").toAbsolutePath());
        return ModelFolder.read(dir);
    }

    static void fivePoint(ObjectNode crop) {
        crop.put("type", "five_point_similarity").put("template_side", 112.0).put("interpolation", "linear");
        ArrayNode template = crop.putArray("template");
        for (double[] p : TEMPLATE) {
            template.addArray().add(p[0]).add(p[1]);
        }
    }

    @Test
    void theSquareRuleLoadsAndAlignsNothing() throws IOException {
        assertFalse(new EmotionTranslator(withCrop(c -> { })).alignsFivePoints());
    }

    @Test
    void aFivePointRuleLoadsWithItsTemplate() throws IOException {
        EmotionTranslator translator = new EmotionTranslator(withCrop(CropRuleValidationTest::fivePoint));
        assertTrue(translator.alignsFivePoints());
        assertEquals(112.0, translator.metadata().preprocessing().crop().templateSide(), 0);
        assertEquals(77.215, translator.metadata().preprocessing().crop().template()[1][0]);
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheFile() throws IOException {
        ModelFolder folder = withCrop(c -> c.put("type", "square_around_eyes"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new EmotionTranslator(folder));
        assertTrue(e.getMessage().contains(folder.metadataFile().toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("\"square_around_eyes\""), e.getMessage());
    }

    @Test
    void aFivePointRuleWithoutFivePointsIsRefused() throws IOException {
        ModelFolder folder = withCrop(c -> {
            fivePoint(c);
            ((ArrayNode) c.get("template")).remove(4);
        });
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new EmotionTranslator(folder));
        assertTrue(e.getMessage().contains(folder.metadataFile().toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("template of 5 (x, y) points"), e.getMessage());
    }

    @Test
    void aFivePointRuleWithoutItsTemplateSideIsRefused() throws IOException {
        ModelFolder folder = withCrop(c -> {
            fivePoint(c);
            c.remove("template_side");
        });
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new EmotionTranslator(folder));
        assertTrue(e.getMessage().contains("template_side > 0"), e.getMessage());
    }
}

package ai.emotion.protocol;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The committed test vectors of a model (models-onnx/&lt;name&gt;/&lt;version&gt;/test_vectors): each input
 * PNG, its tensor (pixel / 255, [1, 1, H, W]) and the outputs PyTorch gave, flattened.
 */
public record TestVectors(double tolerance, List<Case> cases) {

    public record Case(byte[] png, float[] tensor, int side, Map<String, List<Double>> outputs) {

        /** The tensor as nested [1][side][side] lists, the shape of one TF Serving instance. */
        public List<List<List<Float>>> nested() {
            List<List<Float>> rows = new ArrayList<>();
            for (int y = 0; y < side; y++) {
                List<Float> row = new ArrayList<>();
                for (int x = 0; x < side; x++) {
                    row.add(tensor[y * side + x]);
                }
                rows.add(row);
            }
            return List.of(rows);
        }
    }

    public static TestVectors of(String model, String version) {
        Path dir = Path.of("models-onnx", model, version, "test_vectors");
        try {
            JsonNode doc = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : doc.get("cases")) {
                byte[] png = Files.readAllBytes(dir.resolve(c.get("input").asText()));
                BufferedImage image = ImageIO.read(dir.resolve(c.get("input").asText()).toFile());
                int side = image.getWidth();
                float[] tensor = new float[side * side];
                image.getRaster().getSamples(0, 0, side, side, 0, tensor);
                for (int i = 0; i < tensor.length; i++) {
                    tensor[i] /= 255f;
                }
                Map<String, List<Double>> outputs = new LinkedHashMap<>();
                c.get("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), flatten(e.getValue())));
                cases.add(new Case(png, tensor, side, outputs));
            }
            return new TestVectors(doc.get("tolerance").asDouble(), cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Double> flatten(JsonNode node) {
        if (node.isNumber()) {
            return List.of(node.asDouble());
        }
        List<Double> out = new ArrayList<>();
        node.forEach(child -> out.addAll(flatten(child)));
        return out;
    }

    /** Flattens what REST Assured's JsonPath returns for a nested number array. */
    public static List<Double> flatten(Object value) {
        if (value instanceof Number n) {
            return List.of(n.doubleValue());
        }
        List<Double> out = new ArrayList<>();
        for (Object child : (List<?>) value) {
            out.addAll(flatten(child));
        }
        return out;
    }
}

package ai.emotion.protocol;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

import javax.imageio.ImageIO;

import ai.emotion.TestModels;
import ai.emotion.model.ModelFolder;

/**
 * The committed test vectors of a model (models-onnx/&lt;name&gt;/&lt;version&gt;/test_vectors) as the protocol
 * tests send them: read by the service's own {@link ai.emotion.model.TestVectors}, plus each input PNG's bytes
 * and its tensor (pixel / 255, [1, 1, H, W]).
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
        ai.emotion.model.TestVectors vectors = ai.emotion.model.TestVectors.read(
                ModelFolder.read(TestModels.REPOSITORY.resolve(model).resolve(version)).testVectorsFile());
        List<Case> cases = new ArrayList<>();
        for (ai.emotion.model.TestVectors.Case c : vectors.cases()) {
            try {
                BufferedImage image = ImageIO.read(vectors.input(c).toFile());
                int side = image.getWidth();
                float[] tensor = new float[side * side];
                image.getRaster().getSamples(0, 0, side, side, 0, tensor);
                for (int i = 0; i < tensor.length; i++) {
                    tensor[i] /= 255f;
                }
                Map<String, List<Double>> outputs = new LinkedHashMap<>();
                c.outputs().forEach((name, values) -> outputs.put(name, DoubleStream.of(values).boxed().toList()));
                cases.add(new Case(Files.readAllBytes(vectors.input(c)), tensor, side, outputs));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TestVectors(vectors.tolerance(), cases);
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

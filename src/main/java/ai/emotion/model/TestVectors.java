package ai.emotion.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A version's test_vectors/expected.json: gray input PNGs beside it and the outputs every runtime must reproduce
 * within {@code tolerance}. The service runs them at load ({@code serving.SelfCheck}), because int8 kernels can
 * differ by CPU (issue 28: ONNX Runtime's U8S8 kernels saturate on AVX2-only CPUs).
 *
 * @param file the expected.json read
 */
public record TestVectors(Path file, double tolerance, List<Case> cases) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input PNG (a file name beside expected.json) and each output's expected values, flattened. */
    public record Case(String input, Map<String, double[]> outputs) {
    }

    /** Reads expected.json; a malformed one stops startup naming the file, like a malformed model.json. */
    public static TestVectors read(Path file) {
        try {
            JsonNode doc = JSON.readTree(file.toFile());
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : doc.required("cases")) {
                Map<String, double[]> outputs = new LinkedHashMap<>();
                c.required("outputs").fields().forEachRemaining(o -> outputs.put(o.getKey(), flatten(o.getValue())));
                cases.add(new Case(c.required("input").asText(), outputs));
            }
            return new TestVectors(file, doc.required("tolerance").asDouble(), cases);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(file.toAbsolutePath() + ": unreadable test vectors: " + e.getMessage(), e);
        }
    }

    /** The input PNG of {@code c}. */
    public Path input(Case c) {
        return file.resolveSibling(c.input());
    }

    /**
     * Why {@code outputs} (a run of case {@code c}) do not reproduce it: the first expected output that is missing,
     * of another size, or with its largest difference beyond the tolerance (NaN counts as beyond); empty when all
     * are within.
     */
    public Optional<String> mismatch(Case c, Map<String, float[]> outputs) {
        for (Map.Entry<String, double[]> expected : c.outputs().entrySet()) {
            String name = expected.getKey();
            double[] want = expected.getValue();
            float[] got = outputs.get(name);
            if (got == null) {
                return Optional.of(c.input() + ": no output '" + name + "' (the run gave " + outputs.keySet() + ")");
            }
            if (got.length != want.length) {
                return Optional.of(c.input() + ": output '" + name + "' has " + got.length + " values, the test "
                        + "vectors " + want.length);
            }
            double largest = 0;
            for (int i = 0; i < want.length; i++) {
                largest = Math.max(largest, Math.abs(got[i] - want[i]));
            }
            if (!(largest <= tolerance)) {
                return Optional.of(String.format(Locale.ROOT, "%s: output '%s' differs by up to %.3g (tolerance %s)",
                        c.input(), name, largest, tolerance));
            }
        }
        return Optional.empty();
    }

    private static double[] flatten(JsonNode node) {
        List<Double> values = new ArrayList<>();
        collect(node, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, List<Double> into) {
        if (node.isNumber()) {
            into.add(node.asDouble());
        } else {
            node.forEach(child -> collect(child, into));
        }
    }
}

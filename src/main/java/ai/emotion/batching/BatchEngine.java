package ai.emotion.batching;

import java.util.Map;

/**
 * What a batch queue runs: {@code items} inputs laid out one after another in, each output flattened the
 * same way out. In service an ONNX Runtime session; in tests a stand-in that can be held busy on purpose.
 */
@FunctionalInterface
public interface BatchEngine {
    Map<String, float[]> run(float[] input, int items);
}

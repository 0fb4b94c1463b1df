package ai.emotion.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import ai.emotion.model.TensorSpec;

/** Flat output values back into the nested JSON arrays of the tensor's declared shape. */
public final class OutputNesting {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OutputNesting() {
    }

    /** Item {@code item} of a flat batch output, nested as the spec's shape without the batch axis. */
    public static ArrayNode item(float[] values, int item, TensorSpec spec) {
        List<Long> dims = spec.shape().subList(1, spec.shape().size());
        int size = spec.itemSize();
        return nest(values, item * size, dims, 0);
    }

    /** All {@code items} items, nested with the batch axis first. */
    public static ArrayNode batch(float[] values, int items, TensorSpec spec) {
        ArrayNode all = JSON.arrayNode(items);
        for (int i = 0; i < items; i++) {
            all.add(item(values, i, spec));
        }
        return all;
    }

    private static ArrayNode nest(float[] values, int offset, List<Long> dims, int axis) {
        int length = dims.get(axis).intValue();
        ArrayNode array = JSON.arrayNode(length);
        if (axis == dims.size() - 1) {
            for (int i = 0; i < length; i++) {
                array.add(values[offset + i]);
            }
            return array;
        }
        int stride = 1;
        for (int a = axis + 1; a < dims.size(); a++) {
            stride *= dims.get(a).intValue();
        }
        for (int i = 0; i < length; i++) {
            array.add(nest(values, offset + i * stride, dims, axis + 1));
        }
        return array;
    }
}

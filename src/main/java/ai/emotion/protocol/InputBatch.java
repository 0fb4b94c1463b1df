package ai.emotion.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.model.ModelMetadata;
import ai.emotion.serving.Inference;
import ai.emotion.serving.ModelVersion;

/**
 * The model's input from protocol values: either the float tensor itself (nested or flat JSON numbers) or
 * encoded images (JPEG/PNG/... bytes, base64 in JSON), which the run decodes, makes gray and resizes exactly as
 * the face endpoints do. Exactly one of {@code values} and {@code images} is set.
 */
public record InputBatch(float[] values, List<byte[]> images, int items) {

    /** Most items one request may carry (the batcher splits runs, this bounds a single request's memory). */
    public static final int MAX_ITEMS = 256;

    /** One item per element of {@code items}: each a number array of the model's item size. */
    public static InputBatch ofTensors(ModelMetadata model, List<JsonNode> items) {
        checkCount(items.size());
        int size = model.input().itemSize();
        float[] values = new float[items.size() * size];
        for (int i = 0; i < items.size(); i++) {
            int written = flatten(items.get(i), values, i * size, i * size + size, "instance " + i);
            if (written != size) {
                throw wrongSize(model, "instance " + i, written);
            }
        }
        return new InputBatch(values, null, items.size());
    }

    /** A flat or nested number array holding {@code items} whole items. */
    public static InputBatch ofFlat(ModelMetadata model, JsonNode data, int items, String what) {
        checkCount(items);
        int size = model.input().itemSize();
        float[] values = new float[items * size];
        int written = flatten(data, values, 0, values.length, what);
        if (written != values.length) {
            throw new ApiException(ErrorCode.BAD_REQUEST, what + " holds " + written + " values; its shape needs "
                    + values.length);
        }
        return new InputBatch(values, null, items);
    }

    /** Encoded images, one item each. */
    public static InputBatch ofImages(List<byte[]> images) {
        checkCount(images.size());
        return new InputBatch(null, images, images.size());
    }

    /** Runs the batch on {@code model}: every output flattened, each value a finite float. */
    public Map<String, float[]> run(Inference inference, ModelVersion model) {
        Map<String, float[]> outputs = images != null ? inference.runImages(model, images)
                : inference.run(model, values, items);
        checkFinite(outputs);
        return outputs;
    }

    /**
     * Refuses outputs that are not finite numbers (inputs far outside the model's range can drive it there): JSON
     * has no NaN, and neither protocol allows them in FP32 data.
     */
    static void checkFinite(Map<String, float[]> outputs) {
        outputs.forEach((name, values) -> {
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new ApiException(ErrorCode.BAD_REQUEST, "the inputs drive output '" + name + "' to a "
                            + "non-finite value; send values in the model's input range (pixel / 255)");
                }
            }
        });
    }

    private static void checkCount(int items) {
        if (items < 1) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the request holds no input items");
        }
        if (items > MAX_ITEMS) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, items + " items in one request; at most " + MAX_ITEMS);
        }
    }

    /** Writes the numbers of a (nested) array depth-first from {@code at}; returns how many there were. */
    private static int flatten(JsonNode node, float[] dst, int at, int end, String what) {
        List<JsonNode> stack = new ArrayList<>();
        stack.add(node);
        int count = 0;
        while (!stack.isEmpty()) {
            JsonNode n = stack.remove(stack.size() - 1);
            if (n.isArray()) {
                for (int i = n.size() - 1; i >= 0; i--) {
                    stack.add(n.get(i));
                }
            } else if (n.isNumber()) {
                float value = n.floatValue();
                if (!Float.isFinite(value)) {
                    throw new ApiException(ErrorCode.BAD_REQUEST, what + " holds " + Texts.clip(n.asText())
                            + ", which is not a finite 32-bit float");
                }
                if (at + count < end) {
                    dst[at + count] = value;
                }
                count++;
            } else {
                throw new ApiException(ErrorCode.BAD_REQUEST, what + " must hold only numbers (or be an encoded "
                        + "image as {\"b64\": ...}); found " + n.getNodeType().name().toLowerCase());
            }
        }
        return count;
    }

    private static ApiException wrongSize(ModelMetadata model, String what, int written) {
        List<Long> shape = model.input().shape();
        return new ApiException(ErrorCode.BAD_REQUEST, what + " holds " + written + " values; "
                + model.name() + " takes " + shape.subList(1, shape.size()) + " = " + model.input().itemSize()
                + " float values per item");
    }
}

package ai.emotion.protocol.kserve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.model.TensorSpec;
import ai.emotion.protocol.Base64Values;
import ai.emotion.protocol.InputBatch;
import ai.emotion.serving.ModelVersion;

/**
 * Open Inference Protocol tensors to the model's input batch and back. One input: the model's FP32 tensor
 * (its name, shape [N, ...item shape]) or a BYTES tensor of shape [N] holding base64-encoded images.
 */
@ApplicationScoped
public class KServeCodec {
    InputBatch read(ModelVersion model, InferRequest request) {
        if (request == null || request.inputs() == null || request.inputs().size() != 1
                || request.inputs().get(0) == null) {
            throw bad("send exactly one input: \"" + model.metadata().input().name() + "\" (FP32) or an image "
                    + "tensor (BYTES, base64-encoded images)");
        }
        if (request.outputs() != null && request.outputs().stream().anyMatch(o -> o == null || o.name() == null)) {
            throw bad("each requested output must be an object with a name");
        }
        InferRequest.Input input = request.inputs().get(0);
        if (input.shape() == null || input.shape().isEmpty() || input.data() == null || input.datatype() == null) {
            throw bad("input \"" + Texts.clip(input.name()) + "\" needs name, shape, datatype and data");
        }
        if (input.shape().stream().anyMatch(d -> d == null || d < 1)) {
            throw bad("input \"" + Texts.clip(input.name()) + "\": every shape dimension must be a whole number >= 1, "
                    + "not " + input.shape());
        }
        long first = input.shape().get(0);
        if (first > InputBatch.MAX_ITEMS) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, first + " items in one request; at most "
                    + InputBatch.MAX_ITEMS);
        }
        int items = (int) first;
        return switch (input.datatype()) {
            case "FP32" -> floats(model, input, items);
            case "BYTES" -> images(model, input, items);
            default -> throw bad("input \"" + Texts.clip(input.name()) + "\": datatype " + Texts.clip(input.datatype())
                    + " is not supported; use FP32 or BYTES");
        };
    }

    private static InputBatch floats(ModelVersion model, InferRequest.Input input, int items) {
        TensorSpec spec = model.metadata().input();
        if (!spec.name().equals(input.name())) {
            throw bad("unexpected inference input '" + Texts.clip(input.name()) + "' for model '" + model.metadata().name()
                    + "'; its FP32 input is '" + spec.name() + "'");
        }
        List<Long> itemShape = input.shape().subList(1, input.shape().size());
        if (!itemShape.equals(spec.shape().subList(1, spec.shape().size()))) {
            throw bad("input '" + input.name() + "' has shape " + input.shape() + "; the model takes " + spec.shape());
        }
        return InputBatch.ofFlat(model.metadata(), input.data(), items, "input '" + input.name() + "'");
    }

    private InputBatch images(ModelVersion model, InferRequest.Input input, int items) {
        JsonNode data = input.data();
        if (input.shape().size() != 1 || !data.isArray() || data.size() != items) {
            throw bad("BYTES input '" + input.name() + "' must have shape [N] and N base64 strings; shape "
                    + input.shape() + ", " + (data.isArray() ? data.size() : 1) + " elements");
        }
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            JsonNode element = data.get(i);
            if (!element.isTextual()) {
                throw bad("BYTES input '" + input.name() + "' element " + i + " must be a base64 string");
            }
            images.add(Base64Values.decode(element.asText(), "BYTES input '" + input.name() + "' element " + i));
        }
        return InputBatch.ofImages(images);
    }

    /** The requested outputs (all when none are named), each [N, ...] flattened. */
    static List<InferResponse.Output> outputs(ModelVersion model, InferRequest request, Map<String, float[]> values,
            int items) {
        Set<String> served = model.metadata().outputs().stream().map(TensorSpec::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<String> wanted = request.outputs() == null || request.outputs().isEmpty() ? List.copyOf(served)
                : request.outputs().stream().map(InferRequest.RequestedOutput::name).toList();
        List<InferResponse.Output> answer = new ArrayList<>();
        for (String name : wanted) {
            if (!served.contains(name)) {
                throw bad("unexpected inference output '" + Texts.clip(name) + "' for model '" + model.metadata().name()
                        + "'; outputs: " + served);
            }
            TensorSpec spec = model.metadata().output(name);
            List<Long> shape = new ArrayList<>(spec.shape());
            shape.set(0, (long) items);
            answer.add(new InferResponse.Output(name, shape, "FP32", values.get(name)));
        }
        return answer;
    }

    static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}

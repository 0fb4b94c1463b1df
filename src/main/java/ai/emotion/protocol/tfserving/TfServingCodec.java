package ai.emotion.protocol.tfserving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TensorSpec;
import ai.emotion.protocol.Base64Values;
import ai.emotion.protocol.InputBatch;
import ai.emotion.protocol.OutputNesting;
import ai.emotion.serving.ModelVersion;

/**
 * Reads TF Serving predict bodies and writes their answers. Each instance (row format) or each element of the
 * columnar batch is the model's float tensor, or an encoded image {"b64": ...}; either may be wrapped in a
 * one-field object naming the input (e.g. {"input": [...]} or {"image_bytes": {"b64": ...}}).
 */
@ApplicationScoped
public class TfServingCodec {
    static final String SIGNATURE = "serving_default";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A parsed predict body: the input batch and whether the answer uses row format ("predictions"). */
    record Request(InputBatch batch, boolean rowFormat) {
    }

    Request read(ModelVersion model, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("the body must be a JSON object with \"instances\" (row format) or \"inputs\" (columnar)");
        }
        JsonNode signature = body.get("signature_name");
        if (signature != null && !signature.isNull() && !SIGNATURE.equals(signature.asText())) {
            throw bad("Serving signature name: \"" + Texts.clip(signature.asText()) + "\" not found in signature def; only \""
                    + SIGNATURE + "\" is served");
        }
        boolean rows = body.has("instances");
        if (rows == body.has("inputs")) {
            throw bad("send exactly one of \"instances\" (row format) or \"inputs\" (columnar format)");
        }
        JsonNode values = unwrapNamed(rows ? body.get("instances") : body.get("inputs"), model);
        if (!values.isArray()) {
            throw bad((rows ? "\"instances\"" : "\"inputs\"") + " must be a list with one element per batch item");
        }
        return new Request(batch(model, values), rows);
    }

    private InputBatch batch(ModelVersion model, JsonNode list) {
        List<JsonNode> tensors = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = unwrapNamed(list.get(i), model);
            if (item.isObject() && item.has("b64")) {
                images.add(base64(item.get("b64"), i));
            } else if (item.isArray()) {
                tensors.add(item);
            } else {
                throw bad("instance " + i + " must be a number array of the input tensor or {\"b64\": <encoded image>}");
            }
        }
        if (!tensors.isEmpty() && !images.isEmpty()) {
            throw bad("mix of tensors and b64 images in one request; send one kind");
        }
        return images.isEmpty() ? InputBatch.ofTensors(model.metadata(), tensors)
                : InputBatch.ofImages(images);
    }

    /** {"input": x} or {"image_bytes": x} (one field, not "b64") stands for x: the model has a single input. */
    private static JsonNode unwrapNamed(JsonNode node, ModelVersion model) {
        if (node != null && node.isObject() && !node.has("b64")) {
            if (node.size() != 1) {
                throw bad(model.metadata().name() + " has one input, \"" + model.metadata().input().name()
                        + "\"; got fields " + fieldNames(node));
            }
            return node.elements().next();
        }
        if (node == null || node.isNull()) {
            throw bad("no input values");
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] base64(JsonNode value, int index) {
        if (value == null || !value.isTextual()) {
            throw bad("instance " + index + ": \"b64\" must be a base64 string");
        }
        return Base64Values.decode(value.asText(), "instance " + index + ": \"b64\"");
    }

    /** Row format: one entry per item, the bare tensor when the model has one output, else named tensors. */
    static ObjectNode predictions(ModelMetadata meta, Map<String, float[]> outputs, int items) {
        ObjectNode answer = JSON.objectNode();
        ArrayNode predictions = answer.putArray("predictions");
        for (int i = 0; i < items; i++) {
            if (meta.outputs().size() == 1) {
                TensorSpec spec = meta.outputs().get(0);
                predictions.add(OutputNesting.item(outputs.get(spec.name()), i, spec));
            } else {
                ObjectNode named = predictions.addObject();
                for (TensorSpec spec : meta.outputs()) {
                    named.set(spec.name(), OutputNesting.item(outputs.get(spec.name()), i, spec));
                }
            }
        }
        return answer;
    }

    /** Columnar format: the batched tensor, or an object of them when the model has several outputs. */
    static ObjectNode outputs(ModelMetadata meta, Map<String, float[]> outputs, int items) {
        ObjectNode answer = JSON.objectNode();
        if (meta.outputs().size() == 1) {
            TensorSpec spec = meta.outputs().get(0);
            answer.set("outputs", OutputNesting.batch(outputs.get(spec.name()), items, spec));
        } else {
            ObjectNode named = answer.putObject("outputs");
            for (TensorSpec spec : meta.outputs()) {
                named.set(spec.name(), OutputNesting.batch(outputs.get(spec.name()), items, spec));
            }
        }
        return answer;
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}

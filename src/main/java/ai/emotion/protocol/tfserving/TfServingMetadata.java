package ai.emotion.protocol.tfserving;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TensorSpec;
import ai.emotion.serving.ModelVersion;

/** The JSON of TF Serving's GetModelStatus and GetModelMetadata answers, built from model.json. */
final class TfServingMetadata {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TfServingMetadata() {
    }

    /**
     * {"model_version_status": [{"version", "state": "AVAILABLE", "status": {"error_code": "OK"}}]}; a version not
     * served on this CPU is "END" with FAILED_PRECONDITION and the reason, as TF Serving reports a failed load.
     */
    static ObjectNode status(List<ModelVersion> versions) {
        ObjectNode answer = JSON.objectNode();
        ArrayNode list = answer.putArray("model_version_status");
        versions.forEach(v -> {
            Optional<String> refused = v.unavailable();
            String state = !v.isWarm() ? "LOADING" : refused.isPresent() ? "END" : "AVAILABLE";
            ObjectNode entry = list.addObject().put("version", v.id().version()).put("state", state);
            entry.putObject("status").put("error_code", refused.isPresent() ? "FAILED_PRECONDITION" : "OK")
                    .put("error_message", refused.orElse(""));
        });
        return answer;
    }

    /** model_spec plus the serving_default signature with DT_FLOAT tensors (-1 = the batch axis). */
    static ObjectNode metadata(ModelMetadata meta) {
        ObjectNode answer = JSON.objectNode();
        answer.putObject("model_spec").put("name", meta.name()).put("signature_name", "")
                .put("version", meta.version());
        ObjectNode signature = answer.putObject("metadata").putObject("signature_def").putObject("signature_def")
                .putObject(TfServingCodec.SIGNATURE);
        tensor(signature.putObject("inputs"), meta.input());
        ObjectNode outputs = signature.putObject("outputs");
        meta.outputs().forEach(o -> tensor(outputs, o));
        signature.put("method_name", "tensorflow/serving/predict");
        return answer;
    }

    private static void tensor(ObjectNode parent, TensorSpec spec) {
        ObjectNode info = parent.putObject(spec.name()).put("dtype", "DT_FLOAT");
        ObjectNode shape = info.putObject("tensor_shape");
        ArrayNode dims = shape.putArray("dim");
        spec.shape().forEach(d -> dims.addObject().put("size", String.valueOf(d)).put("name", ""));
        shape.put("unknown_rank", false);
        info.put("name", spec.name());
    }
}

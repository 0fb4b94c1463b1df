package ai.emotion.protocol.kserve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TensorSpec;
import ai.emotion.serving.ModelVersion;

/**
 * Open Inference Protocol model metadata; -1 in a shape is the dynamic batch axis. {@code unavailable} (an
 * addition, absent normally) says why a version is not served on this CPU.
 */
public record ModelMetadataResponse(
        @JsonProperty("name") String name,
        @JsonProperty("versions") List<String> versions,
        @JsonProperty("platform") String platform,
        @JsonProperty("inputs") List<Tensor> inputs,
        @JsonProperty("outputs") List<Tensor> outputs,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("unavailable") String unavailable) {

    public record Tensor(
            @JsonProperty("name") String name,
            @JsonProperty("datatype") String datatype,
            @JsonProperty("shape") List<Long> shape) {

        static Tensor of(TensorSpec spec) {
            return new Tensor(spec.name(), "FP32", spec.shape());
        }
    }

    static ModelMetadataResponse of(ModelVersion model, List<String> versions) {
        ModelMetadata meta = model.metadata();
        return new ModelMetadataResponse(meta.name(), versions, "onnxruntime_onnx", List.of(Tensor.of(meta.input())),
                meta.outputs().stream().map(Tensor::of).toList(), model.unavailable().orElse(null));
    }
}

package ai.emotion.protocol.kserve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TensorSpec;

/** Open Inference Protocol model metadata; -1 in a shape is the dynamic batch axis. */
public record ModelMetadataResponse(
        @JsonProperty("name") String name,
        @JsonProperty("versions") List<String> versions,
        @JsonProperty("platform") String platform,
        @JsonProperty("inputs") List<Tensor> inputs,
        @JsonProperty("outputs") List<Tensor> outputs) {

    public record Tensor(
            @JsonProperty("name") String name,
            @JsonProperty("datatype") String datatype,
            @JsonProperty("shape") List<Long> shape) {

        static Tensor of(TensorSpec spec) {
            return new Tensor(spec.name(), "FP32", spec.shape());
        }
    }

    static ModelMetadataResponse of(ModelMetadata meta, List<String> versions) {
        return new ModelMetadataResponse(meta.name(), versions, "onnxruntime_onnx", List.of(Tensor.of(meta.input())),
                meta.outputs().stream().map(Tensor::of).toList());
    }
}

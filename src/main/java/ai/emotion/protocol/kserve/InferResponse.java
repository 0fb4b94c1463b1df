package ai.emotion.protocol.kserve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The Open Inference Protocol inference answer; the model_version field says which version served it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("id") String id,
        @JsonProperty("outputs") List<Output> outputs) {

    /** A row-major flattened FP32 tensor. */
    public record Output(
            @JsonProperty("name") String name,
            @JsonProperty("shape") List<Long> shape,
            @JsonProperty("datatype") String datatype,
            @JsonProperty("data") float[] data) {
    }
}

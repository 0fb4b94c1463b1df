package ai.emotion.protocol.kserve;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The Open Inference Protocol (KServe v2) inference request, JSON form. */
public record InferRequest(
        @JsonProperty("id") String id,
        @JsonProperty("parameters") Map<String, Object> parameters,
        @JsonProperty("inputs") List<Input> inputs,
        @JsonProperty("outputs") List<RequestedOutput> outputs) {

    /** FP32 data (flat or nested, row-major) or BYTES data: one base64-encoded image per element. */
    public record Input(
            @JsonProperty("name") String name,
            @JsonProperty("shape") List<Long> shape,
            @JsonProperty("datatype") String datatype,
            @JsonProperty("parameters") Map<String, Object> parameters,
            @JsonProperty("data") JsonNode data) {
    }

    public record RequestedOutput(@JsonProperty("name") String name) {
    }
}

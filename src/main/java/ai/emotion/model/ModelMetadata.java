package ai.emotion.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The parts of models-onnx/&lt;name&gt;/&lt;version&gt;/model.json the service relies on. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        @JsonProperty(value = "schema_version", required = true) int schemaVersion,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "version", required = true) String version,
        @JsonProperty(value = "task", required = true) String task,
        @JsonProperty(value = "file", required = true) String file,
        @JsonProperty(value = "sha256", required = true) String sha256,
        @JsonProperty("crc32") String crc32,
        @JsonProperty(value = "input", required = true) TensorSpec input,
        @JsonProperty(value = "outputs", required = true) List<TensorSpec> outputs,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("keypoint_names") List<String> keypointNames,
        @JsonProperty(value = "preprocessing", required = true) Preprocessing preprocessing,
        @JsonProperty("metrics") Map<String, Object> metrics) {

    public static final String EMOTION_TASK = "emotion-classification";
    public static final String KEYPOINTS_TASK = "facial-keypoints";

    public TensorSpec output(String outputName) {
        return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + "/" + version + " has no output " + outputName));
    }
}

package ai.emotion.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parts of models-onnx/&lt;name&gt;/&lt;version&gt;/model.json the service relies on. Which fields a task needs
 * (input, outputs, preprocessing for a tensor model; detector for a face detector) is checked by the
 * translator of its task when the version is served.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        @JsonProperty(value = "schema_version", required = true) int schemaVersion,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "version", required = true) String version,
        @JsonProperty(value = "task", required = true) String task,
        @JsonProperty(value = "file", required = true) String file,
        @JsonProperty(value = "sha256", required = true) String sha256,
        @JsonProperty("crc32") String crc32,
        @JsonProperty("input") TensorSpec input,
        @JsonProperty("outputs") List<TensorSpec> outputs,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("keypoint_names") List<String> keypointNames,
        @JsonProperty("preprocessing") Preprocessing preprocessing,
        @JsonProperty("detector") DetectorSpec detector,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("precision") String precision,
        @JsonProperty("derived_from") String derivedFrom) {

    /** fp32 unless model.json names a lower precision (a version derived by conversion/quantize.py). */
    @Override
    public String precision() {
        return precision == null ? "fp32" : precision;
    }

    /**
     * The version this one was derived from without retraining (model.json derived_from, e.g. an int8 graph's fp32
     * source): what routing falls back to when this one fails its self-check.
     */
    public Optional<ModelId> parent() {
        return ModelId.parse(derivedFrom);
    }

    public ModelId id() {
        return new ModelId(name, version);
    }

    /** A model run by ONNX Runtime on a tensor (not a detector that OpenCV runs on a whole photo). */
    public boolean isTensorModel() {
        return input != null;
    }

    public TensorSpec output(String outputName) {
        return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst()
                .orElseThrow(() -> new IllegalStateException(id() + " has no output " + outputName));
    }
}

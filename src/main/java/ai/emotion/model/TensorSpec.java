package ai.emotion.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A named input or output tensor of a model; -1 in the shape is the dynamic batch axis. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TensorSpec(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "shape", required = true) List<Long> shape) {

    /** Number of values per batch item (product of all axes after the first). */
    public int itemSize() {
        long size = 1;
        for (int i = 1; i < shape.size(); i++) {
            size *= shape.get(i);
        }
        return Math.toIntExact(size);
    }
}

package ai.emotion.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Input preparation from model.json: gray, resize to width x height, then {@code pixel * scale + offset}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Preprocessing(
        @JsonProperty(value = "color", required = true) String color,
        @JsonProperty(value = "width", required = true) int width,
        @JsonProperty(value = "height", required = true) int height,
        @JsonProperty(value = "resize_interpolation", required = true) String resizeInterpolation,
        @JsonProperty(value = "scale", required = true) float scale,
        @JsonProperty(value = "offset", required = true) float offset,
        @JsonProperty(value = "crop", required = true) CropRuleSpec crop) {
}

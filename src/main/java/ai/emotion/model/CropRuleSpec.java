package ai.emotion.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The crop rule of model.json: how the model's input square is cut around a face detector's box. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CropRuleSpec(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "detector", required = true) String detector,
        @JsonProperty(value = "scale", required = true) double scale,
        @JsonProperty("shift_x") double shiftX,
        @JsonProperty("shift_y") double shiftY) {
}

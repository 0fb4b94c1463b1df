package ai.emotion.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The crop rule of model.json: how the model's input square is cut around a face detector's box; {@code rotate}
 * "eye_line" turns the square about its centre so that the detector's eyes lie level (absent or "none": no turn).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CropRuleSpec(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "detector", required = true) String detector,
        @JsonProperty(value = "scale", required = true) double scale,
        @JsonProperty("shift_x") double shiftX,
        @JsonProperty("shift_y") double shiftY,
        @JsonProperty("rotate") String rotate) {
    public static final String EYE_LINE = "eye_line";

    public CropRuleSpec(String type, String detector, double scale, double shiftX, double shiftY) {
        this(type, detector, scale, shiftX, shiftY, null);
    }

    public boolean eyeLine() {
        return EYE_LINE.equals(rotate);
    }

    /** Whether {@code rotate} is one this service applies. */
    public boolean knownRotation() {
        return rotate == null || rotate.equals("none") || eyeLine();
    }
}

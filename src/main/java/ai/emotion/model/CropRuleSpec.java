package ai.emotion.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The crop rule of model.json: how the model's input is cut around a face detector's output. Type
 * "square_around_detector_box": a square around the box; {@code rotate} "eye_line" turns it about its centre so
 * that the detector's eyes lie level (absent or "none": no turn). Type "five_point_similarity": the similarity
 * transform that maps the detector's five landmarks onto {@code template} (five points in a square of side
 * {@code templateSide}, scaled to the input's side), as conversion/emotion_ai_train/align.py aligns training faces;
 * its {@code scale} and shifts give the plain square for a face without landmarks.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CropRuleSpec(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty(value = "detector", required = true) String detector,
        @JsonProperty(value = "scale", required = true) double scale,
        @JsonProperty("shift_x") double shiftX,
        @JsonProperty("shift_y") double shiftY,
        @JsonProperty("rotate") String rotate,
        @JsonProperty("template") double[][] template,
        // boxed: the repository's reader refuses a missing primitive, and square rules have no template_side
        @JsonProperty("template_side") Double templateSide) {
    public static final String SQUARE = "square_around_detector_box";
    public static final String FIVE_POINT = "five_point_similarity";
    public static final String EYE_LINE = "eye_line";

    public CropRuleSpec(String type, String detector, double scale, double shiftX, double shiftY) {
        this(type, detector, scale, shiftX, shiftY, null);
    }

    public CropRuleSpec(String type, String detector, double scale, double shiftX, double shiftY, String rotate) {
        this(type, detector, scale, shiftX, shiftY, rotate, null, null);
    }

    public boolean eyeLine() {
        return EYE_LINE.equals(rotate);
    }

    public boolean fivePoint() {
        return FIVE_POINT.equals(type);
    }

    /** Whether {@code type} is one this service applies. */
    public boolean knownType() {
        return SQUARE.equals(type) || fivePoint();
    }

    /** Whether {@code rotate} is one this service applies. */
    public boolean knownRotation() {
        return rotate == null || rotate.equals("none") || eyeLine();
    }

    /** Whether {@code template} holds five distinct enough (x, y) points in a square of a positive side. */
    public boolean fivePointTemplate() {
        if (template == null || template.length != 5 || templateSide == null || !(templateSide > 0)
                || Double.isInfinite(templateSide)) {
            return false;
        }
        for (double[] point : template) {
            if (point == null || point.length != 2 || !Double.isFinite(point[0]) || !Double.isFinite(point[1])) {
                return false;
            }
        }
        // five equal points fit no rotation or scale
        return java.util.Arrays.stream(template).anyMatch(p -> p[0] != template[0][0] || p[1] != template[0][1]);
    }
}

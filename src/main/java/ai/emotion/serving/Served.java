package ai.emotion.serving;

import ai.emotion.model.ModelId;

/**
 * A result and the model version that served it (every answer names it); for a face crop, also how the model's
 * input was made from it: {@link #FIVE_POINT} aligned on the five landmarks the face detector found in it, or
 * {@link #WHOLE_IMAGE} resized as it is.
 */
public record Served<T>(T result, ModelId model, String alignment) {
    public static final String FIVE_POINT = "five_point";
    public static final String WHOLE_IMAGE = "whole_image";

    public String version() {
        return model.version();
    }
}

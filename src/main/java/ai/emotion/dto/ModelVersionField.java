package ai.emotion.dto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON field model_version as every entry point reads it (the analyze JSON, Funqy and CloudEvents, the live
 * socket's options): a string or number names the emotion version (the predict API's meaning), an object names
 * {"emotion": ..., "keypoints": ...}; null or absent names none.
 */
public record ModelVersionField(String emotion, String keypoints) {
    public static final ModelVersionField NONE = new ModelVersionField(null, null);

    public static ModelVersionField of(JsonNode field) {
        if (field == null || field.isNull()) {
            return NONE;
        }
        return field.isObject() ? new ModelVersionField(text(field.get("emotion")), text(field.get("keypoints")))
                : new ModelVersionField(text(field), null);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}

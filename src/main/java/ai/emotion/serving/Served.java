package ai.emotion.serving;

import ai.emotion.model.ModelId;

/** A result and the model version that served it (every answer names it). */
public record Served<T>(T result, ModelId model) {
    public String version() {
        return model.version();
    }
}

package ai.emotion.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {"image": base64 (a data:image/...;base64, prefix is allowed), "model_version": "1", "caller_key": "..."};
 * caller_key keeps an A/B split sticky for that caller (the X-Caller-Key header does the same over HTTP).
 */
public record PredictRequest(
        @JsonProperty("image") String image,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("caller_key") String callerKey) {

    public PredictRequest(String image, String modelVersion) {
        this(image, modelVersion, null);
    }

    /** The same request with the header's caller key when the body names none. */
    public PredictRequest withCallerKey(String header) {
        return callerKey != null || header == null ? this : new PredictRequest(image, modelVersion, header);
    }
}

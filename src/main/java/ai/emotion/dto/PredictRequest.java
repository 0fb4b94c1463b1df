package ai.emotion.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/**
 * {"image": base64 (a data:image/...;base64, prefix is allowed), "model_version": "1", "caller_key": "..."};
 * caller_key keeps an A/B split sticky for that caller (the X-Caller-Key header does the same over HTTP).
 */
public record PredictRequest(
        @JsonProperty("image") String image,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("caller_key") String callerKey) {

    /** The request, or the error that says the body was empty. */
    public static PredictRequest require(PredictRequest request) {
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the request body is empty; send {\"image\": <base64>}");
        }
        return request;
    }

    /** The same request with the header's caller key when the body names none. */
    public PredictRequest withCallerKey(String header) {
        return callerKey != null || header == null ? this : new PredictRequest(image, modelVersion, header);
    }
}

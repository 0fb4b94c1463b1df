package ai.emotion.protocol;

import java.util.List;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.serving.Inference;
import ai.emotion.serving.ModelVersion;

/**
 * Model lookup as the TF Serving and KServe protocols answer it: an unknown model or version is 404 there (both
 * specifications say so), where the face endpoints answer 422; so is a version not served on this CPU.
 */
public final class ModelLookup {
    private ModelLookup() {
    }

    /** Served versions, lowest first; 404 when the model is not served. */
    public static List<String> versions(Inference inference, String name) {
        List<String> versions = inference.versions(name);
        if (versions.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "model '" + Texts.clip(name) + "' is not served; models: "
                    + inference.names());
        }
        return versions;
    }

    /** Every served version, lowest first, in whatever state; 404 when the model is not served. */
    public static List<ModelVersion> all(Inference inference, String name) {
        return versions(inference, name).stream().map(v -> described(inference, name, v)).toList();
    }

    /** The named version, or the one routing picks (split, default, highest) when {@code version} is null. */
    public static ModelVersion routed(Inference inference, String name, String version, String callerKey) {
        List<String> versions = versions(inference, name);
        if (version != null && !versions.contains(version)) {
            throw noVersion(name, version, versions);
        }
        try {
            return inference.route(name, version, callerKey);
        } catch (ApiException e) {
            if (e.code() != ErrorCode.UNKNOWN_MODEL_VERSION) {
                throw e;
            }
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage()); // not served on this CPU
        }
    }

    /**
     * The named version, or the one a request naming none gets (fallback included), for metadata and status
     * answers (no metrics).
     */
    public static ModelVersion described(Inference inference, String name, String version) {
        List<String> versions = versions(inference, name);
        return inference.find(name, version).orElseThrow(() -> noVersion(name, version, versions));
    }

    private static ApiException noVersion(String name, String version, List<String> versions) {
        return new ApiException(ErrorCode.NOT_FOUND, "model '" + Texts.clip(name) + "' has no version "
                + Texts.clip(version) + "; versions: " + versions);
    }
}

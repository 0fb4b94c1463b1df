package ai.emotion.live;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.dto.ModelVersionField;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.serving.ExpressionGate;

/**
 * What a connection asked for: the 68 landmarks or not, its smoothing weight, and the analyze options (versions,
 * max_faces, min_face_size; null = the service's defaults). Immutable: a control message makes a new one.
 */
record LiveOptions(boolean landmarks68, double smoothing, String emotionVersion, String keypointsVersion,
        Integer maxFaces, Integer minFaceSize) {

    /** The options as messages show them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(@JsonProperty("landmarks68") boolean landmarks68, @JsonProperty("smoothing") double smoothing,
            @JsonProperty("emotion_version") String emotionVersion,
            @JsonProperty("keypoints_version") String keypointsVersion,
            @JsonProperty("max_faces") Integer maxFaces, @JsonProperty("min_face_size") Integer minFaceSize) {
    }

    static LiveOptions defaults(double smoothing) {
        return new LiveOptions(false, smoothing, null, null, null, null);
    }

    View view() {
        return new View(landmarks68, smoothing, emotionVersion, keypointsVersion, maxFaces, minFaceSize);
    }

    AnalyzeOptions analyze(String callerKey) {
        return new AnalyzeOptions(emotionVersion, keypointsVersion, maxFaces, minFaceSize, callerKey,
                ExpressionGate.OFF);
    }

    /**
     * These options changed by the fields of an options message ({@code landmarks68}, {@code smoothing},
     * {@code model_version} as in /api/v1/analyze, {@code max_faces}, {@code min_face_size}); absent fields keep
     * their value.
     */
    LiveOptions with(JsonNode message) {
        boolean l68 = message.has("landmarks68") ? bool(message.get("landmarks68"), "landmarks68") : landmarks68;
        double alpha = smoothing;
        if (message.has("smoothing")) {
            JsonNode s = message.get("smoothing");
            if (!s.isNumber() || s.asDouble() <= 0 || s.asDouble() > 1) {
                throw bad("smoothing must be a number in (0, 1] (1 = no smoothing), not " + Texts.clip(s.toString()));
            }
            alpha = s.asDouble();
        }
        String emotion = emotionVersion;
        String keypoints = keypointsVersion;
        if (message.has("model_version")) {
            ModelVersionField v = ModelVersionField.of(message.get("model_version"));
            emotion = v.emotion();
            keypoints = v.keypoints();
        }
        Integer faces = message.has("max_faces")
                ? count(message.get("max_faces"), "max_faces", 1, AnalyzeOptions::checkMaxFaces) : maxFaces;
        Integer minSize = message.has("min_face_size")
                ? count(message.get("min_face_size"), "min_face_size", 0, AnalyzeOptions::checkMinFaceSize)
                : minFaceSize;
        return new LiveOptions(l68, alpha, emotion, keypoints, faces, minSize);
    }

    private static boolean bool(JsonNode node, String field) {
        if (!node.isBoolean()) {
            throw bad(field + " must be true or false, not " + Texts.clip(node.toString()));
        }
        return node.asBoolean();
    }

    /** An integer field, range-checked as every entry point checks it ({@link AnalyzeOptions}). */
    private static Integer count(JsonNode node, String field, int least, UnaryOperator<Integer> check) {
        if (node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw bad(field + " must be an integer >= " + least + ", not " + Texts.clip(node.toString()));
        }
        return check.apply(node.asInt());
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}

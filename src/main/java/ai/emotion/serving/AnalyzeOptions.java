package ai.emotion.serving;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;

/**
 * Options of a whole-photo analysis; null = the configured default (or routing's choice of version). The caller
 * key keeps an A/B split sticky; the gate (never null) withholds or qualifies expressions of poor faces.
 */
public record AnalyzeOptions(String emotionVersion, String keypointsVersion, Integer maxFaces, Integer minFaceSize,
        String callerKey, ExpressionGate gate) {

    public AnalyzeOptions {
        gate = gate == null ? ExpressionGate.OFF : gate;
    }

    /**
     * The one check of these options for every entry point, with the same messages; whole photos run it after the
     * photo's own limits (an oversized photo is 413 whatever its options).
     */
    public AnalyzeOptions validate() {
        checkMaxFaces(maxFaces);
        checkMinFaceSize(minFaceSize);
        return this;
    }

    /** Every entry point's one check of max_faces (null: the default). */
    public static Integer checkMaxFaces(Integer maxFaces) {
        return atLeast("max_faces", maxFaces, 1);
    }

    /** Every entry point's one check of min_face_size (null: the default). */
    public static Integer checkMinFaceSize(Integer minFaceSize) {
        return atLeast("min_face_size", minFaceSize, 0);
    }

    private static Integer atLeast(String field, Integer value, int least) {
        if (value != null && value < least) {
            throw new ApiException(ErrorCode.BAD_REQUEST, field + " must be an integer >= " + least + ", not " + value);
        }
        return value;
    }
}

package ai.emotion.serving;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.quality.FaceQuality;
import ai.emotion.translate.EmotionPrediction;

/**
 * A caller's optional thresholds on whether a face's expression is answered (all null = off, the default):
 * below {@code minExpressionSize} pixels, {@code minSharpness} or beyond {@code maxHeadPose} degrees of yaw or
 * pitch the face is returned without an expression and with the reason; below {@code minConfidence} the
 * expression is {@value #UNCERTAIN} (probabilities kept).
 */
public record ExpressionGate(Double minConfidence, Double minSharpness, Integer minExpressionSize,
        Double maxHeadPose) {
    public static final ExpressionGate OFF = new ExpressionGate(null, null, null, null);
    public static final String UNCERTAIN = "Uncertain";

    public ExpressionGate {
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
            throw bad("min_confidence must be in [0, 1]");
        }
        if (minSharpness != null && !(minSharpness >= 0 && minSharpness < Double.POSITIVE_INFINITY)) {
            throw bad("min_sharpness must be a finite number >= 0");
        }
        if (minExpressionSize != null && minExpressionSize < 0) {
            throw bad("min_expression_size must be >= 0");
        }
        if (maxHeadPose != null && !(maxHeadPose >= 0 && maxHeadPose <= 180)) {
            throw bad("max_head_pose must be in [0, 180] degrees");
        }
    }

    /** Why this face gets no expression, or null when it gets one. */
    public String withheld(FaceQuality q) {
        if (minExpressionSize != null && q.faceSize() < minExpressionSize) {
            return "face too small: " + q.faceSize() + " px, min_expression_size " + minExpressionSize;
        }
        if (minSharpness != null && q.sharpness() < minSharpness) {
            return "face not sharp enough: sharpness " + q.sharpness() + ", min_sharpness " + minSharpness;
        }
        if (maxHeadPose != null && q.pose() != null
                && Math.max(Math.abs(q.pose().yaw()), Math.abs(q.pose().pitch())) > maxHeadPose) {
            return "head turned too far: yaw " + q.pose().yaw() + ", pitch " + q.pose().pitch() + " degrees, max_head_pose "
                    + maxHeadPose;
        }
        return null;
    }

    /** The prediction, labelled {@value #UNCERTAIN} when its confidence is under {@code minConfidence}. */
    public EmotionPrediction label(EmotionPrediction p) {
        return minConfidence == null || p.confidence() >= minConfidence ? p
                : new EmotionPrediction(UNCERTAIN, p.confidence(), p.probabilities());
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}

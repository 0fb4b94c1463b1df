package ai.emotion.api;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.serving.AnalyzeOptions;
import ai.emotion.serving.ExpressionGate;
import ai.emotion.video.VideoOptions;

/**
 * A video request's options as sent (query parameters, or multipart form fields), parsed in one place with messages
 * that name the option: fps, smoothing, frames, model_version, max_faces, min_face_size.
 */
record VideoParams(String fps, String smoothing, String frames, String modelVersion, String maxFaces,
        String minFaceSize) {

    /** Form fields where sent, else the query's. */
    VideoParams or(VideoParams query) {
        return new VideoParams(first(fps, query.fps), first(smoothing, query.smoothing), first(frames, query.frames),
                first(modelVersion, query.modelVersion), first(maxFaces, query.maxFaces),
                first(minFaceSize, query.minFaceSize));
    }

    VideoOptions options(String callerKey, ExpressionGate gate) {
        return new VideoOptions(new AnalyzeOptions(blankToNull(modelVersion), null, integer("max_faces", maxFaces),
                integer("min_face_size", minFaceSize), callerKey, gate), number("fps", fps),
                number("smoothing", smoothing));
    }

    /** Whether the answer lists every analysed frame (frames=true). */
    boolean withFrames() {
        if (frames == null || frames.isBlank() || frames.equalsIgnoreCase("false")) {
            return false;
        }
        if (frames.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiException(ErrorCode.BAD_REQUEST, "frames must be true or false, not '" + Texts.clip(frames) + "'");
    }

    private static Double number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be a number, not '" + Texts.clip(value) + "'");
    }

    private static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be an integer, not '" + Texts.clip(value)
                    + "'");
        }
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.geometry.HeadPose;
import ai.emotion.quality.FaceQuality;
import ai.emotion.serving.PhotoResult;
import ai.emotion.translate.Keypoint;
import ai.emotion.vision.DetectedFace;

/** Every face of a photo, largest first, all coordinates in the photo's pixels. */
public record AnalyzeResponse(
        @JsonProperty("image") ImageSize image,
        @JsonProperty("detector") String detector,
        @JsonProperty("faces") List<Face> faces,
        @JsonProperty("model_versions") Map<String, String> modelVersions) {

    public record ImageSize(int width, int height) {
    }

    public record Box(double x, double y, double width, double height) {
        /** A detected face's box, rounded to hundredths of a pixel as every answer gives it. */
        public static Box of(DetectedFace f) {
            return new Box(round(f.x()), round(f.y()), round(f.width()), round(f.height()));
        }
    }

    public record Point(double x, double y) {
    }

    public record Emotion(String emotion, double confidence, Map<String, Double> probabilities) {
    }

    /** Degrees; see {@link HeadPose} for the axes and signs. */
    public record Pose(double yaw, double pitch, double roll) {
        static Pose of(HeadPose p) {
            return p == null ? null : new Pose(p.yaw(), p.pitch(), p.roll());
        }
    }

    /** The figures the expression gate judges (head pose beside them in the face). */
    public record Quality(
            @JsonProperty("detector_score") double detectorScore,
            @JsonProperty("face_size") double faceSize,
            @JsonProperty("sharpness") double sharpness) {
    }

    public record Face(
            @JsonProperty("box") Box box,
            @JsonProperty("score") double score,
            // null when the caller's expression gate withheld it; emotion_withheld says why
            @JsonProperty("emotion") Emotion emotion,
            @JsonProperty("keypoints") List<Keypoint> keypoints,
            @JsonProperty("landmarks5") List<Point> landmarks5,
            // opt-in (landmarks68=true): absent from the answer unless asked for
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("landmarks68") List<Point> landmarks68,
            // null when the keypoint model has no 68 landmarks
            @JsonProperty("head_pose") Pose headPose,
            @JsonProperty("quality") Quality quality,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("emotion_withheld") String emotionWithheld,
            // model name -> result of each per-face model of another registered kind; absent without one
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("models") Map<String, Object> models) {
    }

    public static AnalyzeResponse of(PhotoResult result) {
        return of(result, false);
    }

    /** The answer, with each face's 68 landmarks when {@code withLandmarks68} (and the keypoint model has them). */
    public static AnalyzeResponse of(PhotoResult result, boolean withLandmarks68) {
        List<Face> faces = new ArrayList<>();
        for (PhotoResult.Face r : result.faces()) {
            DetectedFace f = r.face();
            List<Point> five = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                five.add(new Point(round(f.landmarks5()[2 * k]), round(f.landmarks5()[2 * k + 1])));
            }
            FaceQuality q = r.quality();
            faces.add(new Face(Box.of(f),
                    score(f.score()),
                    r.emotion() == null ? null
                            : new Emotion(r.emotion().emotion(), r.emotion().confidence(), r.emotion().probabilities()),
                    r.keypoints(), five, withLandmarks68 ? points(r.landmarks68()) : null, Pose.of(q.pose()),
                    new Quality(score(q.detectorScore()), q.faceSize(), q.sharpness()), r.withheld(), r.models()));
        }
        return new AnalyzeResponse(new ImageSize(result.width(), result.height()), result.detector(), faces,
                Map.of("emotion", result.emotionVersion(), "keypoints", result.keypointsVersion()));
    }

    /** x0, y0, x1, y1, ... as points (null stays null). */
    public static List<Point> points(double[] xy) {
        if (xy == null) {
            return null;
        }
        List<Point> points = new ArrayList<>(xy.length / 2);
        for (int i = 0; i + 1 < xy.length; i += 2) {
            points.add(new Point(xy[i], xy[i + 1]));
        }
        return points;
    }

    /** A score or probability rounded to four decimals, as every answer gives it. */
    public static double score(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

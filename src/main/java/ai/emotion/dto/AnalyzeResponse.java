package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
    }

    public record Point(double x, double y) {
    }

    public record Emotion(String emotion, double confidence, Map<String, Double> probabilities) {
    }

    public record Face(
            @JsonProperty("box") Box box,
            @JsonProperty("score") double score,
            @JsonProperty("emotion") Emotion emotion,
            @JsonProperty("keypoints") List<Keypoint> keypoints,
            @JsonProperty("landmarks5") List<Point> landmarks5,
            // opt-in (landmarks68=true): absent from the answer unless asked for
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("landmarks68") List<Point> landmarks68) {
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
            faces.add(new Face(new Box(round(f.x()), round(f.y()), round(f.width()), round(f.height())),
                    Math.round(f.score() * 1e4) / 1e4,
                    new Emotion(r.emotion().emotion(), r.emotion().confidence(), r.emotion().probabilities()),
                    r.keypoints(), five, withLandmarks68 ? points(r.landmarks68()) : null));
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

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

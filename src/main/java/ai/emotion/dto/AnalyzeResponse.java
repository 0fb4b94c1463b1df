package ai.emotion.dto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            @JsonProperty("landmarks5") List<Point> landmarks5) {
    }

    public static AnalyzeResponse of(PhotoResult result) {
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
                    r.keypoints(), five));
        }
        return new AnalyzeResponse(new ImageSize(result.width(), result.height()), result.detector(), faces,
                Map.of("emotion", result.emotionVersion(), "keypoints", result.keypointsVersion()));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

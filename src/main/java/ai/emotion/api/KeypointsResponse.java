package ai.emotion.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.translate.Keypoint;

public record KeypointsResponse(
        @JsonProperty("keypoints") List<Keypoint> keypoints,
        @JsonProperty("num_keypoints") int numKeypoints,
        @JsonProperty("model_version") String modelVersion) {

    static KeypointsResponse of(List<Keypoint> points, String version) {
        return new KeypointsResponse(points, points.size(), version);
    }
}

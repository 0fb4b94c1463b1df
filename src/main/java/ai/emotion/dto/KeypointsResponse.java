package ai.emotion.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.emotion.serving.Served;
import ai.emotion.translate.Keypoint;

/** The answer of the keypoints endpoint and function: points in the sent image's pixels. */
public record KeypointsResponse(
        @JsonProperty("keypoints") List<Keypoint> keypoints,
        @JsonProperty("num_keypoints") int numKeypoints,
        @JsonProperty("model_version") String modelVersion) {

    public static KeypointsResponse of(Served<List<Keypoint>> served) {
        return new KeypointsResponse(served.result(), served.result().size(), served.version());
    }
}

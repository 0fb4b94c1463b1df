package ai.emotion.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The detector block of a face-detection model.json: which OpenCV detector runs the file ("yunet":
 * FaceDetectorYN). Thresholds are deployment settings (emotion-ai.face-detector.*), not model facts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectorSpec(@JsonProperty(value = "kind", required = true) String kind) {
}

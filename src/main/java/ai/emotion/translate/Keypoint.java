package ai.emotion.translate;

/** A named facial keypoint in the caller's image pixels. */
public record Keypoint(String name, double x, double y) {
}

package ai.emotion.vision;

/**
 * Where a model input was cut from in the caller's image: model coordinates normalised to the input map
 * back as {@code x = x0 + u * width}. A whole image sent as the face is the frame (0, 0, W, H).
 */
public record Frame(double x0, double y0, double width, double height) {
    public static Frame wholeImage(int width, int height) {
        return new Frame(0, 0, width, height);
    }
}

package ai.emotion.vision;

/**
 * Where a model input was cut from in the caller's image: model coordinates (u, v) normalised to the input map
 * back as {@code x = x0 + u * width} (likewise y), then, for a crop turned upright by {@code angle} (radians, y
 * down: positive when the photo's eye line falls to the right), turned back by that angle about the crop's centre.
 * A whole image sent as the face is the frame (0, 0, W, H).
 */
public record Frame(double x0, double y0, double width, double height, double angle) {
    public Frame(double x0, double y0, double width, double height) {
        this(x0, y0, width, height, 0);
    }

    public static Frame wholeImage(int width, int height) {
        return new Frame(0, 0, width, height);
    }

    /** The image x of model point (u, v). */
    public double x(double u, double v) {
        double dx = u * width - width / 2;
        double dy = v * height - height / 2;
        return x0 + width / 2 + (angle == 0 ? dx : Math.cos(angle) * dx - Math.sin(angle) * dy);
    }

    /** The image y of model point (u, v). */
    public double y(double u, double v) {
        double dx = u * width - width / 2;
        double dy = v * height - height / 2;
        return y0 + height / 2 + (angle == 0 ? dy : Math.sin(angle) * dx + Math.cos(angle) * dy);
    }
}

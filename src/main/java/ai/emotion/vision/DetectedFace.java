package ai.emotion.vision;

/**
 * A face found by the detector, in the photo's pixels: box (x, y, width, height), score, and YuNet's five
 * landmarks (right eye, left eye, nose tip, right and left mouth corner; image-left first) as x0,y0,...,x4,y4.
 */
public record DetectedFace(double x, double y, double width, double height, double score, double[] landmarks5) {
    public double area() {
        return width * height;
    }
}

package ai.emotion.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import ai.emotion.model.CropRuleSpec;

/**
 * The crop rule five_point_similarity, as conversion/emotion_ai_train/align.py applies it at training time: the
 * least-squares similarity (rotation, uniform scale, translation; no reflection) from the detector's five landmarks
 * onto the rule's template scaled to the model's input side, in closed form and double precision like
 * align.similarity, then a bilinear warp with replicated borders straight to the input size. The shared crop
 * vectors (models-onnx/crop_vectors) hold both sides to the same pixels.
 */
public final class FivePointAligner {
    private FivePointAligner() {
    }

    /** Whether {@code landmarks5} (x0, y0, ..., x4, y4) can be aligned: finite and not all one point (Haar: zeros). */
    public static boolean usable(double[] landmarks5) {
        if (landmarks5 == null || landmarks5.length < 10) {
            return false;
        }
        for (int k = 0; k < 10; k++) {
            if (!Double.isFinite(landmarks5[k])) {
                return false;
            }
        }
        return spread(points(landmarks5)) > 0;
    }

    /** The face aligned to a {@code side} x {@code side} input, and the frame that maps it back to the photo. */
    public static FaceCropper.Crop align(Mat gray, double[] landmarks5, CropRuleSpec rule, int side, MatScope scope) {
        double[] m = matrix(landmarks5, rule, side);
        Mat affine = scope.track(new Mat(2, 3, CvType.CV_64F));
        affine.put(0, 0, m);
        Mat aligned = scope.newMat();
        Imgproc.warpAffine(gray, aligned, affine, new Size(side, side), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        return new FaceCropper.Crop(aligned, frame(m, side));
    }

    /** M = [a, -b, tx, b, a, ty] (row-major 2x3): M [x, y, 1] is the input pixel of photo point (x, y). */
    static double[] matrix(double[] landmarks5, CropRuleSpec rule, int side) {
        double[][] src = points(landmarks5);
        double[][] dst = new double[5][2];
        double k = side / rule.templateSide();
        for (int i = 0; i < 5; i++) {
            dst[i][0] = rule.template()[i][0] * k;
            dst[i][1] = rule.template()[i][1] * k;
        }
        return similarity(src, dst);
    }

    /** align.similarity: with centred points a = sum(x x' + y y') / n, b = sum(x y' - y x') / n, n = sum(x^2 + y^2). */
    static double[] similarity(double[][] src, double[][] dst) {
        double[] sm = mean(src);
        double[] dm = mean(dst);
        double norm = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < src.length; i++) {
            double sx = src[i][0] - sm[0];
            double sy = src[i][1] - sm[1];
            double dx = dst[i][0] - dm[0];
            double dy = dst[i][1] - dm[1];
            norm += sx * sx + sy * sy;
            a += sx * dx + sy * dy;
            b += sx * dy - sy * dx;
        }
        a /= norm;
        b /= norm;
        double tx = dm[0] - (a * sm[0] - b * sm[1]);
        double ty = dm[1] - (b * sm[0] + a * sm[1]);
        return new double[] { a, -b, tx, b, a, ty };
    }

    /**
     * The frame of input square {@code side} under M = s R(theta) p + t: its centre is M^-1 (side/2, side/2), its
     * side side / s, and its angle -theta (the frame turns model offsets back into the photo by R(-theta)).
     */
    static Frame frame(double[] m, int side) {
        double a = m[0];
        double b = m[3];
        double det = a * a + b * b;
        double qx = side / 2.0 - m[2];
        double qy = side / 2.0 - m[5];
        double cx = (a * qx + b * qy) / det;
        double cy = (-b * qx + a * qy) / det;
        double width = side / Math.sqrt(det);
        return new Frame(cx - width / 2, cy - width / 2, width, width, -Math.atan2(b, a));
    }

    private static double[][] points(double[] landmarks5) {
        double[][] p = new double[5][2];
        for (int i = 0; i < 5; i++) {
            p[i][0] = landmarks5[2 * i];
            p[i][1] = landmarks5[2 * i + 1];
        }
        return p;
    }

    private static double[] mean(double[][] p) {
        double x = 0;
        double y = 0;
        for (double[] q : p) {
            x += q[0];
            y += q[1];
        }
        return new double[] { x / p.length, y / p.length };
    }

    private static double spread(double[][] p) {
        double[] m = mean(p);
        double s = 0;
        for (double[] q : p) {
            s += (q[0] - m[0]) * (q[0] - m[0]) + (q[1] - m[1]) * (q[1] - m[1]);
        }
        return s;
    }
}

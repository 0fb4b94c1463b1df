package ai.emotion.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import ai.emotion.model.CropRuleSpec;

/**
 * Applies a model's crop rule to a detected face exactly as conversion/emotion_ai_train/crop.py does at
 * training time: a square around the box centre (shifted), side = scale x mean box side, corners rounded
 * half-to-even like Python's round(), border replicated where the square leaves the photo. With the rule's
 * eye-line rotation the square is cut from the photo turned about the square's centre until YuNet's two eyes lie
 * level (bilinear, border replicated), as crop.py does with cv2.warpAffine. A five_point_similarity rule aligns the
 * detector's five landmarks instead ({@link FivePointAligner}).
 */
public final class FaceCropper {
    private FaceCropper() {
    }

    public record Crop(Mat image, Frame frame) {
    }

    /**
     * What {@code rule} cuts for a model input of {@code side} pixels: a five-point rule's warp comes at that size
     * (a face without landmarks, from the Haar fallback, gets the rule's plain square instead); a square comes at its
     * own size, for the packer to resize.
     */
    public static Crop crop(Mat gray, DetectedFace face, CropRuleSpec rule, int side, MatScope scope) {
        if (rule.fivePoint() && FivePointAligner.usable(face.landmarks5())) {
            return FivePointAligner.align(gray, face.landmarks5(), rule, side, scope);
        }
        return square(gray, face, rule, scope);
    }

    static Crop square(Mat gray, DetectedFace face, CropRuleSpec rule, MatScope scope) {
        double cx = face.x() + face.width() / 2 + rule.shiftX() * face.width();
        double cy = face.y() + face.height() / 2 + rule.shiftY() * face.height();
        int side = Math.max(1, (int) Math.rint(rule.scale() * (face.width() + face.height()) / 2));
        int x0 = (int) Math.rint(cx - side / 2.0);
        int y0 = (int) Math.rint(cy - side / 2.0);
        double angle = rule.eyeLine() && !rule.fivePoint() ? eyeAngle(face) : 0;
        if (angle != 0) {
            return new Crop(turnedSquare(gray, x0, y0, side, angle, scope), new Frame(x0, y0, side, side, angle));
        }
        return new Crop(cutSquare(gray, x0, y0, side, scope), new Frame(x0, y0, side, side));
    }

    /** Radians of the line from the image-left eye to the image-right eye (y down). */
    static double eyeAngle(DetectedFace face) {
        double[] l = face.landmarks5();
        return Math.atan2(l[3] - l[1], l[2] - l[0]);
    }

    static Mat turnedSquare(Mat gray, int x0, int y0, int side, double angle, MatScope scope) {
        Mat m = scope.track(Imgproc.getRotationMatrix2D(new Point(x0 + side / 2.0, y0 + side / 2.0),
                Math.toDegrees(angle), 1.0));
        m.put(0, 2, m.get(0, 2)[0] - x0);
        m.put(1, 2, m.get(1, 2)[0] - y0);
        Mat turned = scope.newMat();
        Imgproc.warpAffine(gray, turned, m, new Size(side, side), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
        return turned;
    }

    static Mat cutSquare(Mat gray, int x0, int y0, int side, MatScope scope) {
        int w = gray.cols();
        int h = gray.rows();
        int left = Math.max(0, -x0);
        int top = Math.max(0, -y0);
        int right = Math.max(0, x0 + side - w);
        int bottom = Math.max(0, y0 + side - h);
        int ix0 = Math.max(0, x0);
        int iy0 = Math.max(0, y0);
        int ix1 = Math.min(w, x0 + side);
        int iy1 = Math.min(h, y0 + side);
        if (ix1 <= ix0 || iy1 <= iy0) {
            Mat flat = scope.track(new Mat(side, side, gray.type()));
            flat.setTo(Core.mean(gray));
            return flat;
        }
        Mat inner = scope.track(gray.submat(new Rect(ix0, iy0, ix1 - ix0, iy1 - iy0)));
        if (left + top + right + bottom == 0) {
            return inner;
        }
        Mat padded = scope.newMat();
        Core.copyMakeBorder(inner, padded, top, bottom, left, right, Core.BORDER_REPLICATE);
        return padded;
    }
}

package ai.emotion.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import ai.emotion.model.Preprocessing;

/** Gray image to the model's input values: resize as model.json says, then {@code pixel * scale + offset}. */
public final class TensorPacker {
    private TensorPacker() {
    }

    /** Writes width*height values for {@code gray} into {@code dst} from {@code offset}. */
    public static void pack(Mat gray, Preprocessing pre, float[] dst, int offset, MatScope scope) {
        Mat sized = gray;
        if (gray.cols() != pre.width() || gray.rows() != pre.height()) {
            sized = scope.newMat();
            int interpolation = "linear".equals(pre.resizeInterpolation()) ? Imgproc.INTER_LINEAR : Imgproc.INTER_AREA;
            Imgproc.resize(gray, sized, new Size(pre.width(), pre.height()), 0, 0, interpolation);
        }
        Mat values = scope.newMat();
        sized.convertTo(values, CvType.CV_32F, pre.scale(), pre.offset());
        float[] row = new float[pre.width() * pre.height()];
        values.get(0, 0, row);
        System.arraycopy(row, 0, dst, offset, row.length);
    }
}

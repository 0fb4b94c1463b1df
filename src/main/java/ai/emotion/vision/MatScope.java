package ai.emotion.vision;

import java.util.ArrayDeque;
import java.util.Deque;

import org.opencv.core.Mat;

/**
 * Releases the native memory of every Mat it tracks when closed (OpenCV's Java Mat is not AutoCloseable,
 * and waiting for the garbage collector lets native memory grow under load).
 */
public final class MatScope implements AutoCloseable {
    private final Deque<Mat> mats = new ArrayDeque<>();

    public Mat track(Mat mat) {
        mats.push(mat);
        return mat;
    }

    public Mat newMat() {
        return track(new Mat());
    }

    @Override
    public void close() {
        while (!mats.isEmpty()) {
            mats.pop().release();
        }
    }
}

package ai.emotion.video;

import org.opencv.core.Core;
import org.opencv.core.Mat;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.vision.MatScope;

/**
 * A video file decoded frame by frame, in presentation order. Every frame is decoded (H.264 frames depend on the ones
 * before); only those the caller keeps are turned into BGR Mats. Whatever the file does wrong (an unknown
 * container or codec, a truncated stream, a corrupt header) becomes 400 UNDECODABLE_VIDEO, never the decoder's own
 * exception.
 */
interface VideoReader extends AutoCloseable {
    /**
     * A decoded frame: its time in seconds, its picture converted on demand; valid until the reader's next call to
     * {@link #next} (decoders reuse their buffers).
     */
    interface Decoded {
        double time();

        /** The frame as an 8-bit BGR Mat tracked by {@code scope}, upright as the file's header says. */
        Mat bgr(MatScope scope);
    }

    VideoInfo info();

    /** The next frame in presentation order, or null at the end of the stream. */
    Decoded next();

    @Override
    void close();

    static ApiException undecodable(String why) {
        return new ApiException(ErrorCode.UNDECODABLE_VIDEO, why);
    }

    /** {@code bgr} turned by {@code degrees} clockwise (0, 90, 180, 270; anything else: unchanged). */
    static Mat turned(Mat bgr, int degrees, MatScope scope) {
        int code = switch (Math.floorMod(degrees, 360)) {
            case 90 -> Core.ROTATE_90_CLOCKWISE;
            case 180 -> Core.ROTATE_180;
            case 270 -> Core.ROTATE_90_COUNTERCLOCKWISE;
            default -> -1;
        };
        if (code < 0) {
            return bgr;
        }
        Mat turned = scope.newMat();
        Core.rotate(bgr, turned, code);
        return turned;
    }
}

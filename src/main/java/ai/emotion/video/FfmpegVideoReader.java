package ai.emotion.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import ai.emotion.vision.MatScope;

/**
 * FFmpeg's decoders through bytedeco's JNI presets (javacv's grabber): every container and codec FFmpeg's LGPL build
 * reads, frames in presentation order, converted to BGR by FFmpeg's swscale. The decoder refuses frames far larger
 * than the limit itself (its max_pixels option), so a header that lies about the size allocates nothing big.
 */
final class FfmpegVideoReader implements VideoReader {
    /** The grabber's current frame; valid until the next call to {@link #next} (javacv reuses its buffers). */
    private final class Current implements Decoded {
        private final Frame frame;
        private final double time;

        Current(Frame frame) {
            this.frame = frame;
            this.time = frame.timestamp / 1e6;
        }

        @Override
        public double time() {
            return time;
        }

        @Override
        public Mat bgr(MatScope scope) {
            ByteBuffer data = (ByteBuffer) frame.image[0];
            int row = frame.imageWidth * 3;
            if (rows == null || rows.length != row * frame.imageHeight) {
                rows = new byte[row * frame.imageHeight];
            }
            for (int y = 0; y < frame.imageHeight; y++) {
                data.position(y * frame.imageStride);
                data.get(rows, y * row, row);
            }
            Mat mat = scope.track(new Mat(frame.imageHeight, frame.imageWidth, CvType.CV_8UC3));
            mat.put(0, 0, rows);
            return VideoReader.turned(mat, degrees, scope);
        }
    }

    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final int degrees;
    private byte[] rows;

    private FfmpegVideoReader(FFmpegFrameGrabber grabber, VideoInfo info, int degrees) {
        this.grabber = grabber;
        this.info = info;
        this.degrees = degrees;
    }

    /** Opens the file and reads its header (FFmpeg probes a few packets); the caller checks the limits. */
    static FfmpegVideoReader open(Path file, long maxPixels) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            // frames up to 4x the limit are probed and then refused by the header check with 413; larger ones are
            // refused by FFmpeg before it allocates them
            grabber.setVideoOption("max_pixels", Long.toString(Math.min(Integer.MAX_VALUE, 4 * maxPixels)));
            grabber.setVideoOption("threads", "1"); // requests run side by side; one core each
            grabber.start(); // reads the stream info (duration, frame count): FFmpeg probes a few packets
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            double duration = grabber.getLengthInTime() / 1e6;
            int frames = grabber.getLengthInVideoFrames();
            double fps = grabber.getFrameRate();
            if (width < 1 || height < 1 || !(duration > 0) || Double.isInfinite(duration)) {
                throw VideoReader.undecodable("the video has no frames (header: " + width + "x" + height + ", "
                        + duration + " s)");
            }
            if (frames < 1) {
                frames = (int) Math.round(duration * fps);
            }
            // a display matrix rotates counterclockwise; the frame is turned back clockwise
            int degrees = (int) Math.round(-grabber.getDisplayRotation());
            String codec = grabber.getVideoCodecName() == null ? "unknown" : grabber.getVideoCodecName();
            return new FfmpegVideoReader(grabber, new VideoInfo(width, height, duration, frames,
                    fps > 0 ? fps : frames / duration, codec), degrees);
        } catch (ai.emotion.error.ApiException e) {
            release(grabber);
            throw e;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            throw VideoReader.undecodable("not a video FFmpeg reads, its header is corrupt, or its frames are far "
                    + "over emotion-ai.video.max-frame-pixels");
        }
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public Decoded next() {
        try {
            Frame frame = grabber.grabImage();
            return frame == null || frame.image == null ? null : new Current(frame);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw VideoReader.undecodable("the video stream is corrupt or truncated");
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // nothing more to free
        }
    }

    @Override
    public void close() {
        release(grabber);
    }
}

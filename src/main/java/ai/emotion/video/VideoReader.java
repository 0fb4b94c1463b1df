package ai.emotion.video;

import java.io.IOException;
import java.nio.file.Path;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.api.PictureWithMetadata;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.vision.MatScope;

/**
 * A video file decoded frame by frame with JCodec (pure Java: H.264 in MP4/MOV and the other formats its FrameGrab
 * reads). Every frame is decoded (H.264 frames depend on the ones before); only those the caller keeps are converted
 * to BGR Mats. Whatever the file does wrong (an unknown container, a truncated stream, a header JCodec cannot parse)
 * becomes 400 UNDECODABLE_VIDEO, never an exception of the library's.
 */
final class VideoReader implements AutoCloseable {
    /** A decoded frame: its time in seconds and the picture (JCodec's planes, not yet converted). */
    record Decoded(double time, Picture picture, DemuxerTrackMeta.Orientation orientation) {
    }

    private final FileChannelWrapper channel;
    private final FrameGrab grab;
    private final VideoInfo info;

    private VideoReader(FileChannelWrapper channel, FrameGrab grab, VideoInfo info) {
        this.channel = channel;
        this.grab = grab;
        this.info = info;
    }

    /** Opens the file and reads its header; the caller checks the limits before decoding any frame. */
    static VideoReader open(Path file) {
        FileChannelWrapper channel = null;
        try {
            channel = NIOUtils.readableChannel(file.toFile());
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
            if (meta == null || meta.getVideoCodecMeta() == null || meta.getVideoCodecMeta().getSize() == null) {
                throw undecodable("the video track's header gives no frame size");
            }
            int width = meta.getVideoCodecMeta().getSize().getWidth();
            int height = meta.getVideoCodecMeta().getSize().getHeight();
            double duration = meta.getTotalDuration();
            int frames = meta.getTotalFrames();
            if (width < 1 || height < 1 || frames < 1 || !(duration > 0) || Double.isInfinite(duration)) {
                throw undecodable("the video has no frames (header: " + width + "x" + height + ", " + frames
                        + " frames, " + duration + " s)");
            }
            VideoInfo info = new VideoInfo(width, height, duration, frames, frames / duration,
                    meta.getCodec() == null ? "unknown" : meta.getCodec().name().toLowerCase(java.util.Locale.ROOT));
            return new VideoReader(channel, grab, info);
        } catch (ApiException e) {
            NIOUtils.closeQuietly(channel);
            throw e;
        } catch (IOException | JCodecException | RuntimeException e) {
            NIOUtils.closeQuietly(channel);
            throw undecodable("not a video this service reads (H.264 in MP4 or MOV), or its header is corrupt");
        }
    }

    VideoInfo info() {
        return info;
    }

    /** The next frame, or null at the end of the stream. */
    Decoded next() {
        try {
            PictureWithMetadata frame = grab.getNativeFrameWithMetadata();
            return frame == null || frame.getPicture() == null ? null
                    : new Decoded(frame.getTimestamp(), frame.getPicture(), frame.getOrientation());
        } catch (IOException | RuntimeException e) {
            throw undecodable("the video stream is corrupt or truncated");
        }
    }

    /** A decoded frame as an 8-bit BGR Mat tracked by {@code scope}, cropped and turned upright as its header says. */
    static Mat bgr(Decoded frame, MatScope scope) {
        Picture p = frame.picture();
        if (p.getColor() != ColorSpace.YUV420 && p.getColor() != ColorSpace.YUV420J) {
            throw undecodable("frames in " + p.getColor() + " are not supported (only YUV 4:2:0)");
        }
        int w = p.getPlaneWidth(0);
        int h = p.getPlaneHeight(0);
        // I420 as OpenCV takes it: the Y plane, then U, then V, contiguous; JCodec keeps samples as value - 128
        byte[] i420 = new byte[w * h * 3 / 2];
        int at = 0;
        for (int plane = 0; plane < 3; plane++) {
            byte[] data = p.getPlaneData(plane);
            int n = p.getPlaneWidth(plane) * p.getPlaneHeight(plane);
            for (int i = 0; i < n; i++) {
                i420[at++] = (byte) (data[i] + 128);
            }
        }
        Mat yuv = scope.track(new Mat(h * 3 / 2, w, CvType.CV_8UC1));
        yuv.put(0, 0, i420);
        Mat bgr = scope.newMat();
        Imgproc.cvtColor(yuv, bgr, Imgproc.COLOR_YUV2BGR_I420);
        Rect crop = p.getCrop();
        if (crop != null && (crop.getWidth() != w || crop.getHeight() != h)) {
            bgr = scope.track(new Mat(bgr, new org.opencv.core.Rect(crop.getX(), crop.getY(), crop.getWidth(),
                    crop.getHeight())));
        }
        return upright(bgr, frame.orientation(), scope);
    }

    private static Mat upright(Mat bgr, DemuxerTrackMeta.Orientation orientation, MatScope scope) {
        if (orientation == null || orientation == DemuxerTrackMeta.Orientation.D_0) {
            return bgr;
        }
        Mat turned = scope.newMat();
        int code = switch (orientation) {
            case D_90 -> Core.ROTATE_90_CLOCKWISE;
            case D_180 -> Core.ROTATE_180;
            default -> Core.ROTATE_90_COUNTERCLOCKWISE;
        };
        Core.rotate(bgr, turned, code);
        return turned;
    }

    static ApiException undecodable(String why) {
        return new ApiException(ErrorCode.UNDECODABLE_VIDEO, why);
    }

    @Override
    public void close() {
        NIOUtils.closeQuietly(channel);
    }
}

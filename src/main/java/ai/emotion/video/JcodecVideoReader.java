package ai.emotion.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.PriorityQueue;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.api.PictureWithMetadata;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.FileChannelWrapper;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import ai.emotion.vision.MatScope;

/**
 * JCodec's decoder (pure Java): H.264 in MP4 or MOV. Its frames come in decoding order when the stream has B-frames,
 * so a few are held and handed out by timestamp (x264 reorders at most a few frames; eight covers every profile).
 */
final class JcodecVideoReader implements VideoReader {
    private static final int REORDER = 8;

    private record Frame(double time, Picture picture, DemuxerTrackMeta.Orientation orientation, int width,
            int height) implements Decoded {
        @Override
        public Mat bgr(MatScope scope) {
            return JcodecVideoReader.bgr(picture, orientation, width, height, scope);
        }
    }

    private final FileChannelWrapper channel;
    private final FrameGrab grab;
    private final VideoInfo info;
    private final PriorityQueue<Frame> held = new PriorityQueue<>((a, b) -> Double.compare(a.time(), b.time()));
    private boolean ended;

    private JcodecVideoReader(FileChannelWrapper channel, FrameGrab grab, VideoInfo info) {
        this.channel = channel;
        this.grab = grab;
        this.info = info;
    }

    /** Opens the file and reads its header; the caller checks the limits before decoding any frame. */
    static JcodecVideoReader open(Path file) {
        FileChannelWrapper channel = null;
        try {
            channel = NIOUtils.readableChannel(file.toFile());
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
            if (meta == null || meta.getVideoCodecMeta() == null || meta.getVideoCodecMeta().getSize() == null) {
                throw VideoReader.undecodable("the video track's header gives no frame size");
            }
            int width = meta.getVideoCodecMeta().getSize().getWidth();
            int height = meta.getVideoCodecMeta().getSize().getHeight();
            double duration = meta.getTotalDuration();
            int frames = meta.getTotalFrames();
            if (width < 1 || height < 1 || frames < 1 || !(duration > 0) || Double.isInfinite(duration)) {
                throw VideoReader.undecodable("the video has no frames (header: " + width + "x" + height + ", "
                        + frames + " frames, " + duration + " s)");
            }
            String codec = meta.getCodec() == null ? "unknown" : meta.getCodec().name().toLowerCase(Locale.ROOT);
            return new JcodecVideoReader(channel, grab, new VideoInfo(width, height, duration, frames,
                    frames / duration, codec));
        } catch (ai.emotion.error.ApiException e) {
            NIOUtils.closeQuietly(channel);
            throw e;
        } catch (IOException | JCodecException | RuntimeException e) {
            NIOUtils.closeQuietly(channel);
            throw VideoReader.undecodable("not a video this service reads (H.264 in MP4 or MOV), or its header is "
                    + "corrupt");
        }
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public Decoded next() {
        while (!ended && held.size() < REORDER) {
            try {
                PictureWithMetadata frame = grab.getNativeFrameWithMetadata();
                if (frame == null || frame.getPicture() == null) {
                    ended = true;
                } else {
                    // FrameGrab decodes into buffers it reuses: a held frame needs its own copy
                    Picture copy = frame.getPicture().createCompatible();
                    copy.copyFrom(frame.getPicture());
                    held.add(new Frame(frame.getTimestamp(), copy, frame.getOrientation(), info.width(),
                            info.height()));
                }
            } catch (IOException | RuntimeException e) {
                throw VideoReader.undecodable("the video stream is corrupt or truncated");
            }
        }
        return held.poll();
    }

    /**
     * JCodec's YUV 4:2:0 planes (samples stored as value - 128, padded to whole macroblocks) as a BGR Mat cropped to
     * the header's {@code width} x {@code height} and turned upright.
     */
    static Mat bgr(Picture p, DemuxerTrackMeta.Orientation orientation, int width, int height, MatScope scope) {
        if (p.getColor() != ColorSpace.YUV420 && p.getColor() != ColorSpace.YUV420J) {
            throw VideoReader.undecodable("frames in " + p.getColor() + " are not supported (only YUV 4:2:0)");
        }
        int w = p.getPlaneWidth(0);
        int h = p.getPlaneHeight(0);
        // I420 as OpenCV takes it: the Y plane, then U, then V, contiguous
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
        int x = crop == null ? 0 : crop.getX();
        int y = crop == null ? 0 : crop.getY();
        int cw = Math.min(w - x, crop == null ? width : crop.getWidth());
        int ch = Math.min(h - y, crop == null ? height : crop.getHeight());
        if (cw < w || ch < h) {
            bgr = scope.track(new Mat(bgr, new org.opencv.core.Rect(x, y, cw, ch)));
        }
        int degrees = switch (orientation == null ? DemuxerTrackMeta.Orientation.D_0 : orientation) {
            case D_90 -> 90;
            case D_180 -> 180;
            case D_270 -> 270;
            default -> 0;
        };
        return VideoReader.turned(bgr, degrees, scope);
    }

    @Override
    public void close() {
        NIOUtils.closeQuietly(channel);
    }
}

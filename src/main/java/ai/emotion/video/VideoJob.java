package ai.emotion.video;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencv.core.Mat;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.Admission;
import ai.emotion.serving.PhotoResult;
import ai.emotion.serving.RoutedAnalysis;
import ai.emotion.tracking.FaceTracker;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;

/**
 * One admitted video: decodes every frame, analyses those the sampling rate picks with the per-face pipeline, tracks
 * faces across them as the live stream does and keeps, per track, only its running timeline. Memory stays flat
 * over a long video: one frame's Mats at a time, released before the next.
 */
public final class VideoJob implements AutoCloseable {
    private final VideoReader reader;
    private final RoutedAnalysis routed;
    private final ImageDecoder decoder;
    private final double fps;
    private final double smoothing;
    private final FaceTracker tracker;
    private final int maxAnalyzed;
    private final long deadlineNanos;
    private final Admission.Permit permit;

    VideoJob(VideoReader reader, RoutedAnalysis routed, ImageDecoder decoder, double fps, double smoothing,
            EmotionAiConfig.Live tracking, int maxAnalyzed, long deadlineNanos, Admission.Permit permit) {
        this.reader = reader;
        this.routed = routed;
        this.decoder = decoder;
        this.fps = fps;
        this.smoothing = smoothing;
        this.tracker = new FaceTracker(tracking.trackIou(), tracking.trackMaxMissed());
        this.maxAnalyzed = maxAnalyzed;
        this.deadlineNanos = deadlineNanos;
        this.permit = permit;
    }

    public VideoInfo info() {
        return reader.info();
    }

    public double fps() {
        return fps;
    }

    public List<String> labels() {
        return routed.emotionLabels();
    }

    public List<String> keypointNames() {
        return routed.keypointNames();
    }

    /**
     * Decodes and analyses the video, telling {@code listener} of each analysed frame; the summary at the end. A
     * frame is analysed when its time reaches the next sampling time (0, 1/fps, 2/fps, ...).
     */
    public VideoSummary run(FrameListener listener) {
        long started = System.nanoTime();
        long decodeNanos = 0;
        long analysisNanos = 0;
        double step = 1.0 / fps;
        double nextSample = 0;
        long decoded = 0;
        long analyzed = 0;
        String detector = null;
        Map<Long, TrackTimeline> timelines = new LinkedHashMap<>();
        // a frame up to half a source frame early still counts as on time (timestamps are rounded)
        double slack = 0.5 / Math.max(1, info().fps());
        while (analyzed < maxAnalyzed) {
            if (System.nanoTime() > deadlineNanos) {
                throw new ApiException(ErrorCode.VIDEO_DEADLINE, "the video was not analysed within "
                        + "emotion-ai.video.answer-deadline (" + analyzed + " frames done): ask for a lower fps");
            }
            long t0 = System.nanoTime();
            VideoReader.Decoded frame = reader.next();
            if (frame == null) {
                decodeNanos += System.nanoTime() - t0;
                break;
            }
            decoded++;
            if (frame.time() + slack < nextSample) {
                decodeNanos += System.nanoTime() - t0;
                continue;
            }
            while (nextSample <= frame.time() + slack) {
                nextSample += step;
            }
            try (MatScope scope = new MatScope()) {
                Mat bgr = frame.bgr(scope);
                long t1 = System.nanoTime();
                decodeNanos += t1 - t0;
                PhotoResult photo = routed.analyze(decoder.photoOf(bgr, scope), scope);
                detector = photo.detector();
                List<FaceTracker.Tracked> tracked = tracker.update(photo.faces(), smoothing);
                analysisNanos += System.nanoTime() - t1;
                for (FaceTracker.Tracked t : tracked) {
                    timelines.computeIfAbsent(t.trackId(), id -> new TrackTimeline(id, step))
                            .add(analyzed, frame.time(), t);
                }
                listener.frame(new AnalyzedFrame(analyzed, TrackTimeline.round(frame.time()), photo, tracked));
                analyzed++;
            }
        }
        if (decoded == 0) {
            throw VideoReader.undecodable("the video holds no frame that could be decoded");
        }
        List<VideoSummary.Track> tracks = new ArrayList<>(timelines.size());
        timelines.values().forEach(t -> tracks.add(t.summary()));
        return new VideoSummary(info(), fps, decoded, analyzed, detector, routed.emotionVersion(),
                routed.keypointsVersion(), labels(), tracks, new VideoSummary.Timing(seconds(System.nanoTime() - started),
                        seconds(decodeNanos), seconds(analysisNanos)));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            permit.close();
        }
    }
}

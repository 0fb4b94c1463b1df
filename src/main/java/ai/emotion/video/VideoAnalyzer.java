package ai.emotion.video;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.serving.Admission;
import ai.emotion.serving.Inference;
import ai.emotion.serving.RoutedAnalysis;
import ai.emotion.vision.ImageDecoder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Recorded videos: checks one against the limits (bytes, duration, frame size, analysed frames), admits it by its
 * analysed frames (emotion-ai.video.max-frames-in-flight over all videos in progress, and one place of the general
 * admission), and hands out a {@link VideoJob} that decodes and analyses it.
 */
@ApplicationScoped
public class VideoAnalyzer {
    private final Inference inference;
    private final ImageDecoder decoder;
    private final EmotionAiConfig.Video limits;
    private final EmotionAiConfig.Live tracking;
    private final Semaphore framesInFlight;
    private final int budget;
    private final Path uploads;
    private final VideoDecoders decoders;

    public VideoAnalyzer(Inference inference, ImageDecoder decoder, EmotionAiConfig config, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.uploads = Path.of(uploads);
        this.inference = inference;
        this.decoder = decoder;
        this.limits = config.video();
        this.tracking = config.live();
        this.decoders = new VideoDecoders(limits);
        this.budget = Math.max(1, limits.maxFramesInFlight());
        this.framesInFlight = new Semaphore(budget);
        Gauge.builder("emotion_ai.video.frames_in_flight", framesInFlight, s -> budget - s.availablePermits())
                .description("Analysed frames planned by the videos in progress").register(meters);
    }

    /** The largest video accepted, in bytes (uploads stop copying there). */
    public long maxBytes() {
        return limits.maxBytes();
    }

    /** The video's bytes into a temporary file of the service's uploads folder (the caller removes it). */
    public Path save(InputStream video) {
        return VideoFiles.save(video, uploads, limits.maxBytes());
    }

    /** A whole video at once (the CloudEvent): saved, analysed, its file removed. */
    public VideoSummary analyze(InputStream video, VideoOptions options, FrameListener listener) {
        Path file = save(video);
        try (VideoJob job = open(file, options)) {
            return job.run(listener);
        } finally {
            VideoFiles.delete(file);
        }
    }

    /**
     * Opens a video the caller has written to {@code file} (the caller deletes it after closing the job): header read,
     * limits checked, versions routed and admission taken. Close the job when done.
     */
    public VideoJob open(Path file, VideoOptions options) {
        double fps = options.fps() == null ? limits.fps() : options.fps();
        if (!(fps > 0) || fps > limits.maxFps()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "fps must be above 0 and at most " + limits.maxFps()
                    + " (emotion-ai.video.max-fps)");
        }
        double smoothing = options.smoothing() == null ? tracking.smoothing() : options.smoothing();
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "smoothing must be above 0 and at most 1");
        }
        RoutedAnalysis routed = inference.routed(options.analyze().validate());
        VideoReader reader = decoders.open(file);
        try {
            VideoInfo info = reader.info();
            checkLimits(info);
            int planned = (int) Math.min(Integer.MAX_VALUE, Math.ceil(info.duration() * Math.min(fps, info.fps())));
            if (planned > limits.maxAnalyzedFrames()) {
                throw new ApiException(ErrorCode.VIDEO_TOO_LARGE, "the video would have " + planned
                        + " frames analysed (" + info.duration() + " s at " + fps + " fps); at most "
                        + limits.maxAnalyzedFrames() + " (emotion-ai.video.max-analyzed-frames): ask for a lower fps");
            }
            // a video alone is always admitted when nothing runs (the budget may be set below max-analyzed-frames)
            int weight = Math.max(1, Math.min(planned, budget));
            if (!framesInFlight.tryAcquire(weight)) {
                throw new ApiException(ErrorCode.OVERLOADED, "videos in progress already take the analysed frames "
                        + "allowed at once (emotion-ai.video.max-frames-in-flight); retry shortly");
            }
            Admission.Permit place;
            try {
                place = inference.admit();
            } catch (RuntimeException e) {
                framesInFlight.release(weight);
                throw e;
            }
            Admission.Permit permit = () -> {
                place.close();
                framesInFlight.release(weight);
            };
            return new VideoJob(reader, routed, decoder, fps, smoothing, tracking, limits.maxAnalyzedFrames(),
                    System.nanoTime() + limits.answerDeadline().toNanos(), permit);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private void checkLimits(VideoInfo info) {
        long pixels = (long) info.width() * info.height();
        if (pixels > limits.maxFramePixels()) {
            throw new ApiException(ErrorCode.VIDEO_TOO_LARGE, "the video's frames are " + info.width() + "x"
                    + info.height() + " = " + pixels + " pixels; at most " + limits.maxFramePixels()
                    + " (emotion-ai.video.max-frame-pixels)");
        }
        if (info.duration() > limits.maxDuration().toMillis() / 1000.0) {
            throw new ApiException(ErrorCode.VIDEO_TOO_LARGE, "the video lasts " + Math.round(info.duration())
                    + " s; at most " + limits.maxDuration().toSeconds() + " s (emotion-ai.video.max-duration)");
        }
    }
}

package ai.emotion.video;

import java.util.List;
import java.util.Map;

import ai.emotion.vision.DetectedFace;

/**
 * A video's analysis: the header, the rate and counts of frames, the versions, every track's timeline and where
 * the time went (decoding apart from detection and inference).
 */
public record VideoSummary(VideoInfo video, double fps, long framesDecoded, long framesAnalyzed, String detector,
        String emotionVersion, String keypointsVersion, List<String> labels, List<Track> tracks, Timing timing) {

    /** One face across the video; {@code shares} and {@code segments} follow its smoothed expression. */
    public record Track(long id, double first, double last, int frames, DetectedFace box, String dominant,
            double meanConfidence, Map<String, Double> shares, List<Segment> segments) {
    }

    /** A stretch of time, in seconds, with one expression. */
    public record Segment(double start, double end, String emotion) {
    }

    /** Seconds spent decoding frames (JCodec and the colour conversion) and analysing the sampled ones. */
    public record Timing(double total, double decode, double analysis) {
    }
}

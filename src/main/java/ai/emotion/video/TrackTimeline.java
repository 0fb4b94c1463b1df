package ai.emotion.video;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emotion.tracking.FaceTracker;
import ai.emotion.vision.DetectedFace;

/**
 * What a video's summary says of one track, accumulated frame by frame so that nothing per frame is kept: first and
 * last time, frames seen, the most confident detection's box, the frames per (smoothed) expression, the mean
 * confidence and the expression segments. A segment runs while the track's expression stays the same in
 * consecutive analysed frames; it ends one sampling step after its last frame (the time that frame stands for).
 */
final class TrackTimeline {
    final long id;
    private final double step;
    private double first = Double.NaN;
    private double last;
    private int frames;
    private int withExpression;
    private double confidenceSum;
    private DetectedFace best;
    private final Map<String, Integer> frameCounts = new LinkedHashMap<>();
    private final List<VideoSummary.Segment> segments = new ArrayList<>();
    private String open;
    private double openStart;
    private long lastFrame = -2;

    /** {@code step}: seconds between analysed frames (1 / the sampling rate). */
    TrackTimeline(long id, double step) {
        this.id = id;
        this.step = step;
    }

    /** The track as seen in analysed frame number {@code frame} (0, 1, ...) at {@code time} seconds. */
    void add(long frame, double time, FaceTracker.Tracked tracked) {
        String emotion = tracked.emotion();
        boolean continues = frame == lastFrame + 1 && emotion != null && emotion.equals(open);
        if (!continues) {
            closeSegment(); // ends after the track's previous frame
            if (emotion != null) {
                open = emotion;
                openStart = time;
            }
        }
        if (Double.isNaN(first)) {
            first = time;
        }
        last = time;
        lastFrame = frame;
        frames++;
        DetectedFace box = tracked.face().face();
        if (best == null || box.score() > best.score()) {
            best = box;
        }
        if (emotion != null) {
            withExpression++;
            confidenceSum += tracked.confidence();
            frameCounts.merge(emotion, 1, Integer::sum);
        }
    }

    private void closeSegment() {
        if (open != null) {
            segments.add(new VideoSummary.Segment(round(openStart), round(last + step), open));
            open = null;
        }
    }

    double first() {
        return first;
    }

    double last() {
        return last;
    }

    int frames() {
        return frames;
    }

    DetectedFace box() {
        return best;
    }

    /** The share of the frames with an expression that showed each one (the track's smoothed expression). */
    Map<String, Double> shares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        frameCounts.forEach((label, n) -> shares.put(label, round((double) n / withExpression)));
        return shares;
    }

    /** The expression the track showed most; null when the gate withheld every one. */
    String dominant() {
        return frameCounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    double meanConfidence() {
        return withExpression == 0 ? 0 : round(confidenceSum / withExpression);
    }

    /** The segments, the one still open included. */
    List<VideoSummary.Segment> segments() {
        List<VideoSummary.Segment> all = new ArrayList<>(segments);
        if (open != null) {
            all.add(new VideoSummary.Segment(round(openStart), round(last + step), open));
        }
        return all;
    }

    VideoSummary.Track summary() {
        return new VideoSummary.Track(id, round(first), round(last), frames, best, dominant(), meanConfidence(),
                shares(), segments());
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

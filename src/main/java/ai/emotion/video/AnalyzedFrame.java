package ai.emotion.video;

import java.util.List;

import ai.emotion.serving.PhotoResult;
import ai.emotion.tracking.FaceTracker;

/** One analysed frame: its number among the analysed ones (0, 1, ...), its time in seconds, its tracked faces. */
public record AnalyzedFrame(long index, double time, PhotoResult photo, List<FaceTracker.Tracked> faces) {
}

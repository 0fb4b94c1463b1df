package ai.emotion.video;

import ai.emotion.serving.AnalyzeOptions;

/**
 * What a caller asks of one video: the per-frame analysis (versions, faces, gate), frames analysed per second and
 * the smoothing of each track's probabilities (null: the configured defaults).
 */
public record VideoOptions(AnalyzeOptions analyze, Double fps, Double smoothing) {
}

package ai.emotion.quality;

import ai.emotion.geometry.HeadPose;

/**
 * What decides whether a face's expression can be trusted: the detector's score, the face's size (the shorter
 * side of its box, in the photo's pixels), its {@link Sharpness} and its head pose (null without landmarks).
 */
public record FaceQuality(double detectorScore, double faceSize, double sharpness, HeadPose pose) {
}

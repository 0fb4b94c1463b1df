package ai.emotion.video;

/** What a video's header says: frame size, duration in seconds, frame count and the mean frame rate. */
public record VideoInfo(int width, int height, double duration, int frames, double fps, String codec) {
}

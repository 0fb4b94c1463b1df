package ai.emotion.video;

/**
 * Receives each analysed frame as soon as it is done (a streamed answer, CSV rows, the frames of the JSON answer).
 * An exception thrown here (the client went away) stops the video.
 */
@FunctionalInterface
public interface FrameListener {
    FrameListener NONE = frame -> { };

    void frame(AnalyzedFrame frame);
}

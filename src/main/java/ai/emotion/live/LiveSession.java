package ai.emotion.live;

import ai.emotion.tracking.FaceTracker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One live connection's state. Frames arrive on the connection's event loop (numbering, the rate limit, the
 * slot); at most one worker at a time serves them ({@link #claimServing}), so the tracker needs no lock.
 */
final class LiveSession {
    final WebSocketConnection connection;
    final LatestFrame latest = new LatestFrame();
    final FaceTracker tracker;
    private final FrameRateLimit rate;
    private final AtomicBoolean serving = new AtomicBoolean();
    private final AtomicBoolean resetTracks = new AtomicBoolean();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong overRate = new AtomicLong();
    private volatile LiveOptions options;
    private long frames;

    LiveSession(WebSocketConnection connection, LiveOptions options, FaceTracker tracker, FrameRateLimit rate) {
        this.connection = connection;
        this.options = options;
        this.tracker = tracker;
        this.rate = rate;
    }

    /** The next frame's number on this connection (1, 2, ...): results and errors name it. Event loop only. */
    long nextFrameNumber() {
        return ++frames;
    }

    /** Whether a frame arriving now is within the connection's rate; one that is not is counted. Event loop only. */
    boolean withinRate(long nowNanos) {
        if (rate.tryAcquire(nowNanos)) {
            return true;
        }
        overRate.incrementAndGet();
        return false;
    }

    void superseded() {
        superseded.incrementAndGet();
    }

    LiveMessages.Dropped dropped() {
        return new LiveMessages.Dropped(superseded.get(), overRate.get());
    }

    /** True for the one caller that is to start serving; false while a worker already serves this connection. */
    boolean claimServing() {
        return serving.compareAndSet(false, true);
    }

    /**
     * The serving worker is done with the slot empty; true when a frame arrived meanwhile and this caller took
     * serving back (so no frame is left behind with no worker to serve it).
     */
    boolean releaseServing() {
        serving.set(false);
        return !latest.isEmpty() && claimServing();
    }

    LiveOptions options() {
        return options;
    }

    void options(LiveOptions changed) {
        options = changed;
    }

    void requestReset() {
        resetTracks.set(true);
    }

    /** Whether a reset was asked for since the last call (the serving worker applies it to the tracker). */
    boolean takeReset() {
        return resetTracks.getAndSet(false);
    }
}

package ai.emotion.live;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection's one waiting frame: a new frame replaces the one not yet taken (the latest wins), so a client
 * sending faster than frames are served never builds a queue; the replaced frame is counted as dropped.
 */
final class LatestFrame {
    /** A received frame: its number on the connection, its bytes and when it arrived (System.nanoTime). */
    record Incoming(long number, byte[] jpeg, long receivedNanos) {
    }

    private final AtomicReference<Incoming> slot = new AtomicReference<>();

    /** Puts {@code frame} in the slot; returns the frame it replaced (dropped), or null. */
    Incoming offer(Incoming frame) {
        return slot.getAndSet(frame);
    }

    /** The waiting frame, now taken, or null. */
    Incoming take() {
        return slot.getAndSet(null);
    }

    boolean isEmpty() {
        return slot.get() == null;
    }
}

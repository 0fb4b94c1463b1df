package ai.emotion.live;

/**
 * A token bucket per connection: {@code perSecond} frames a second, bursts of up to one second's worth. Frames
 * without a token are dropped before they reach the slot, so a flood costs the service no decoding.
 */
final class FrameRateLimit {
    private final double perSecond;
    private double tokens;
    private long last;

    FrameRateLimit(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    /** Whether a frame arriving at {@code nowNanos} may be served; called on the connection's event loop only. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}

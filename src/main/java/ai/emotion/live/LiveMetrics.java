package ai.emotion.live;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The live socket on /q/metrics: {@code emotion_ai_live_connections} (open now), {@code
 * emotion_ai_live_connections_refused_total}, {@code emotion_ai_live_frames_served_total}, {@code
 * emotion_ai_live_frames_dropped_total{reason="superseded|rate"}}, {@code emotion_ai_live_frames_failed_total}
 * (error messages) and {@code emotion_ai_live_frame_seconds} (frame received to result sent).
 */
@ApplicationScoped
class LiveMetrics {
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;
    private final Counter served;
    private final Counter superseded;
    private final Counter overRate;
    private final Counter failed;
    private final Timer latency;

    LiveMetrics(MeterRegistry registry) {
        registry.gauge("emotion_ai.live.connections", open);
        refused = Counter.builder("emotion_ai.live.connections.refused")
                .description("live connections refused: the connection cap was reached").register(registry);
        served = Counter.builder("emotion_ai.live.frames.served").register(registry);
        superseded = dropped(registry, "superseded");
        overRate = dropped(registry, "rate");
        failed = Counter.builder("emotion_ai.live.frames.failed")
                .description("frames answered with an error message").register(registry);
        latency = Timer.builder("emotion_ai.live.frame").description("live frame received to its result sent")
                .publishPercentileHistogram().register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("emotion_ai.live.frames.dropped").tag("reason", reason)
                .description("live frames never served: replaced by a newer frame, or over the connection's rate")
                .register(registry);
    }

    /** Counts a new connection when under {@code cap}; false: refused (and counted as such). */
    boolean tryOpen(int cap) {
        if (open.incrementAndGet() > cap) {
            open.decrementAndGet();
            refused.increment();
            return false;
        }
        return true;
    }

    void closed() {
        open.decrementAndGet();
    }

    void served(long receivedNanos) {
        served.increment();
        latency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    void superseded() {
        superseded.increment();
    }

    void overRate() {
        overRate.increment();
    }

    void failed() {
        failed.increment();
    }
}

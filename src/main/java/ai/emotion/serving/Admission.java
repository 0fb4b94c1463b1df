package ai.emotion.serving;

import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Admission control for every inference, batched or not: at most emotion-ai.limits.max-in-flight requests run
 * at once; one more is refused at once (503 OVERLOADED with Retry-After) instead of queueing behind the others
 * and growing every caller's latency. Without it nothing was ever shed when batching is off (the CPU default).
 */
@ApplicationScoped
public class Admission {
    private final Semaphore permits;
    private final int limit;
    private final Counter refused;

    public Admission(EmotionAiConfig config, MeterRegistry meters) {
        this.limit = Math.max(1, config.limits().maxInFlight());
        this.permits = new Semaphore(limit);
        this.refused = Counter.builder("emotion_ai.admission.rejected")
                .description("Requests refused because max-in-flight were already running").register(meters);
        Gauge.builder("emotion_ai.admission.in_flight", permits, p -> limit - p.availablePermits())
                .description("Inference requests running now").register(meters);
    }

    /** A held place; close it when the request's work is done. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    public Permit enter() {
        if (!permits.tryAcquire()) {
            refused.increment();
            throw new ApiException(ErrorCode.OVERLOADED, limit + " requests are already running "
                    + "(emotion-ai.limits.max-in-flight); retry shortly");
        }
        return permits::release;
    }
}

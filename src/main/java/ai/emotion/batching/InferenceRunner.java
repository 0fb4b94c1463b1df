package ai.emotion.batching;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where every request's session run goes (REST, Funqy, CloudEvents, whole photos, TF Serving and KServe
 * protocols): through the model version's {@link BatchQueue}, or straight to the session when batching is off.
 */
@ApplicationScoped
public class InferenceRunner {
    private final EmotionAiConfig.Batching config;
    private final MeterRegistry registry;
    private final Map<Predictor, BatchQueue> queues = new ConcurrentHashMap<>();

    public InferenceRunner(EmotionAiConfig config, MeterRegistry registry) {
        this.config = config.batching();
        this.registry = registry;
    }

    /** A queued run whose outputs a caller collects later (so two models of one photo run side by side). */
    @FunctionalInterface
    public interface Pending {
        Map<String, float[]> await();
    }

    public Map<String, float[]> run(Predictor model, float[] input, int items) {
        return submit(model, input, items).await();
    }

    /** Queues the run; without batching it runs here and now. */
    public Pending submit(Predictor model, float[] input, int items) {
        if (!config.enabled()) {
            Map<String, float[]> outputs = model.run(input, items);
            return () -> outputs;
        }
        return queues.computeIfAbsent(model, m -> new BatchQueue(m, config, registry)).submit(input, items);
    }

    /** Stops the version's queue after its queued requests are answered (before its session closes). */
    public void retire(Predictor model) {
        BatchQueue queue = queues.remove(model);
        if (queue != null) {
            queue.drainAndStop();
        }
    }

    @PreDestroy
    public void close() {
        queues.keySet().forEach(this::retire);
    }
}

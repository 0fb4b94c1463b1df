package ai.emotion.batching;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where every request's session run goes (REST, Funqy, CloudEvents, whole photos, TF Serving and KServe
 * protocols): through the model version's {@link BatchQueue}, or straight to the session when batching is off
 * (by default on CPU, where it measured slower; see {@link EmotionAiConfig.Batching#enabled()}).
 */
@ApplicationScoped
public class InferenceRunner {
    private final EmotionAiConfig.Batching config;
    private final MeterRegistry registry;
    private final Map<Predictor, BatchQueue> queues = new ConcurrentHashMap<>();
    /** Background runs; as many threads as callers wait on them (the HTTP worker pool bounds that). */
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "inference-background");
        thread.setDaemon(true);
        return thread;
    });

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
        if (!batching(model)) {
            Map<String, float[]> outputs = model.run(input, items);
            return () -> outputs;
        }
        return queue(model).submit(input, items);
    }

    /**
     * Like {@link #submit} but never runs on the calling thread, so a caller can run another model meanwhile
     * (whole photos: emotion and keypoints side by side on two cores).
     */
    public Pending inBackground(Predictor model, float[] input, int items) {
        if (batching(model)) {
            return queue(model).submit(input, items);
        }
        CompletableFuture<Map<String, float[]>> run = CompletableFuture.supplyAsync(() -> model.run(input, items),
                background);
        long timeoutNanos = config.timeout().toNanos();
        return () -> {
            try {
                return run.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new ApiException(ErrorCode.INFERENCE_TIMEOUT, "no result within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (emotion-ai.batching.timeout)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(ErrorCode.NOT_READY, "the service is shutting down");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        };
    }

    private boolean batching(Predictor model) {
        return config.enabled().orElse("cuda".equals(model.provider()));
    }

    private BatchQueue queue(Predictor model) {
        return queues.computeIfAbsent(model, m -> new BatchQueue(m, config, registry));
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
        background.shutdown();
    }
}

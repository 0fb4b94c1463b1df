package ai.emotion.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import ai.emotion.batching.BatchQueue;
import ai.emotion.batching.BatchRejectedException;
import ai.emotion.batching.Pending;
import ai.emotion.engine.CpuFeatures;
import ai.emotion.engine.Predictor;
import ai.emotion.model.ModelId;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TestVectors;
import ai.emotion.translate.FaceTranslator;
import ai.onnxruntime.OrtException;

/**
 * One served tensor model version: its metadata, the engine session ({@link Predictor}), the translator its
 * task chose, the batch queue its runs go through when batching is on, and where its loading stands: warmed and
 * self-checked against its test vectors, or not served on this CPU because the check failed.
 */
public final class ModelVersion implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelVersion.class);

    private final Predictor predictor;
    private final FaceTranslator<?> translator;
    private final Optional<BatchQueue> queue;
    private final Executor background;
    private final long timeoutNanos;
    private final Path testVectors;
    private volatile State state = State.LOADING;
    /** Why the version is not served; null while it is. */
    private volatile String unavailable;

    /** LOADING until warmed and self-checked; WARM passed the check, UNCHECKED had none. */
    private enum State {
        LOADING, WARM, UNCHECKED, UNAVAILABLE
    }

    ModelVersion(Predictor predictor, FaceTranslator<?> translator, Optional<BatchQueue> queue, Executor background,
            long timeoutNanos, Path testVectors) {
        this.predictor = predictor;
        this.translator = translator;
        this.queue = queue;
        this.background = background;
        this.timeoutNanos = timeoutNanos;
        this.testVectors = testVectors;
    }

    public ModelId id() {
        return predictor.id();
    }

    public ModelMetadata metadata() {
        return predictor.metadata();
    }

    public FaceTranslator<?> translator() {
        return translator;
    }

    /** The translator as the type an endpoint needs, or empty when this version's task is another. */
    public <T extends FaceTranslator<?>> Optional<T> translator(Class<T> type) {
        return type.isInstance(translator) ? Optional.of(type.cast(translator)) : Optional.empty();
    }

    /** Values per item of the input tensor. */
    public int itemSize() {
        return metadata().input().itemSize();
    }

    /** Warmed and self-checked, whatever the check found. */
    public boolean isWarm() {
        return state != State.LOADING;
    }

    /** Why this version is not served (it failed its self-check on this CPU); empty while it is served. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** "loading", "warm", "unchecked" (no test vectors, or the self-check off) or "unavailable: why". */
    public String status() {
        return state == State.UNAVAILABLE ? "unavailable: " + unavailable : state.name().toLowerCase(Locale.ROOT);
    }

    /** Runs {@code items} items laid out in {@code input} and waits for the outputs. */
    public Map<String, float[]> run(float[] input, int items) {
        return submit(input, items).await();
    }

    /** Queues the run (without batching it runs here and now); await the outputs later. */
    public Pending submit(float[] input, int items) {
        return queue.isPresent() ? queue.get().submit(input, items) : Pending.done(predictor.run(input, items));
    }

    /**
     * Like {@link #submit} but never on the calling thread, so that the caller can run another model meanwhile
     * (whole photos: emotion and keypoints side by side).
     */
    public Pending inBackground(float[] input, int items) {
        if (queue.isPresent()) {
            return queue.get().submit(input, items);
        }
        CompletableFuture<Map<String, float[]>> run = CompletableFuture.supplyAsync(
                () -> predictor.run(input, items), background);
        return () -> {
            try {
                return run.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new BatchRejectedException(BatchRejectedException.Reason.TIMED_OUT, "no result within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (emotion-ai.batching.timeout)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BatchRejectedException(BatchRejectedException.Reason.STOPPING, "the service is stopping");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        };
    }

    /** Runs the session with a batch of mid-gray inputs, then a single black one, so that requests pay no set-up. */
    void warmUp(int batch) {
        int n = Math.max(1, batch);
        float[] input = new float[n * itemSize()];
        Arrays.fill(input, 0.5f);
        long start = System.nanoTime();
        predictor.run(input, n);
        predictor.run(new float[itemSize()], 1);
        LOG.infof("warmed %s in %.1f ms", id(), (System.nanoTime() - start) / 1e6);
    }

    /**
     * Ends loading: runs the committed test vectors on this CPU (unless {@code enabled} is false) and serves the
     * version only if it reproduces them; a folder without test vectors is served unchecked. OpenCV must be
     * loaded (it decodes the PNGs). Returns the nanoseconds the check took.
     */
    long selfCheck(boolean enabled) {
        if (!enabled) {
            state = State.UNCHECKED;
            return 0;
        }
        if (!Files.exists(testVectors)) {
            LOG.warnf("%s has no %s: served without a self-check", id(), testVectors.toAbsolutePath());
            state = State.UNCHECKED;
            return 0;
        }
        long start = System.nanoTime();
        TestVectors vectors = TestVectors.read(testVectors);
        Optional<String> mismatch = SelfCheck.mismatch(predictor, translator, vectors);
        long took = System.nanoTime() - start;
        if (mismatch.isPresent()) {
            unavailable = "self-check failed on this CPU: " + mismatch.get();
            state = State.UNAVAILABLE;
            LOG.warnf("%s is not served: it does not reproduce %s, %s; CPU: %s (checked in %.1f ms)", id(),
                    testVectors.toAbsolutePath(), mismatch.get(), CpuFeatures.describe(), took / 1e6);
        } else {
            state = State.WARM;
            LOG.infof("self-checked %s: %d test vectors within %s in %.1f ms", id(), vectors.cases().size(),
                    vectors.tolerance(), took / 1e6);
        }
        return took;
    }

    /** Answers what is queued, then closes the session (after any run in progress). */
    @Override
    public void close() {
        queue.ifPresent(BatchQueue::drainAndStop);
        try {
            predictor.close();
        } catch (OrtException e) {
            LOG.warnf(e, "closing the session of %s failed", id());
        }
    }
}

package ai.emotion.engine;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TensorSpec;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The engine run of one model version: a batch of preprocessed inputs in, raw output tensors out. Knows
 * nothing about images or labels (that is the translators' job). Thread-safe: ONNX Runtime sessions allow
 * concurrent runs. Native tensors are closed before returning. Closing waits for the runs in progress (a
 * session closed under a run crashes the JVM); a run after close throws {@link SessionClosedException}.
 */
public final class Predictor implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata meta;
    private final String provider;
    private final Timer latency;
    private final long[] itemShape;
    /** Runs hold the read lock, close takes the write lock. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    public Predictor(OrtEnvironment env, OrtSession session, ModelMetadata meta, String provider,
            MeterRegistry registry) {
        this.env = env;
        this.session = session;
        this.meta = meta;
        this.provider = provider;
        List<Long> shape = meta.input().shape();
        this.itemShape = shape.stream().skip(1).mapToLong(Long::longValue).toArray();
        this.latency = Timer.builder("emotion_ai.inference")
                .description("ONNX Runtime session run time per batch")
                .tags("model", meta.name(), "version", meta.version())
                .publishPercentileHistogram()
                .register(registry);
    }

    public ai.emotion.model.ModelId id() {
        return meta.id();
    }

    public ModelMetadata metadata() {
        return meta;
    }

    public String provider() {
        return provider;
    }

    /** Values per batch item of the input tensor. */
    public int inputItemSize() {
        return meta.input().itemSize();
    }

    /**
     * Runs {@code batchSize} items laid out one after another in {@code input}; returns each declared
     * output flattened the same way.
     */
    public Map<String, float[]> run(float[] input, int batchSize) {
        if (input.length != batchSize * inputItemSize()) {
            throw new IllegalArgumentException("input holds " + input.length + " values, expected "
                    + batchSize * inputItemSize());
        }
        long[] shape = new long[itemShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new SessionClosedException(meta.id() + " is no longer served (retired, or the service is "
                        + "stopping); retry");
            }
            return runOpen(input, shape);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Map<String, float[]> runOpen(float[] input, long[] shape) {
        Timer.Sample sample = Timer.start();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(meta.input().name(), tensor))) {
            Map<String, float[]> outputs = new HashMap<>();
            for (TensorSpec spec : meta.outputs()) {
                Optional<OnnxValue> value = result.get(spec.name());
                if (value.isEmpty()) {
                    throw new IllegalStateException(meta.id() + ": no output " + spec.name());
                }
                FloatBuffer buffer = ((OnnxTensor) value.get()).getFloatBuffer();
                float[] flat = new float[buffer.remaining()];
                buffer.get(flat);
                outputs.put(spec.name(), flat);
            }
            return outputs;
        } catch (OrtException e) {
            throw new InferenceException(meta.id() + " failed to run: " + e.getMessage(), e);
        } finally {
            sample.stop(latency);
        }
    }

    @Override
    public void close() throws OrtException {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}

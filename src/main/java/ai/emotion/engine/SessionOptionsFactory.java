package ai.emotion.engine;

import org.jboss.logging.Logger;

import ai.emotion.config.EmotionAiConfig;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** Session options tuned for small vision models served one request (or one batch) at a time. */
public final class SessionOptionsFactory {
    private static final Logger LOG = Logger.getLogger(SessionOptionsFactory.class);

    private final EmotionAiConfig.Engine config;

    public SessionOptionsFactory(EmotionAiConfig.Engine config) {
        this.config = config;
    }

    /** Returns the options and the execution provider that was really set up. */
    public Created create(String modelName) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OptLevel.ALL_OPT);
        // Requests run concurrently on separate sessions' runs: parallelism across requests beats
        // splitting one tiny convolution over many threads.
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        if (config.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(config.intraOpThreads());
        }
        options.addConfigEntry("session.intra_op.allow_spinning", config.allowSpinning() ? "1" : "0");
        String provider = "cpu";
        if ("cuda".equalsIgnoreCase(config.executionProvider())) {
            try {
                options.addCUDA(config.cudaDeviceId());
                provider = "cuda";
            } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
                LOG.warnf("CUDA execution provider not available for %s (%s); falling back to CPU", modelName,
                        e.getMessage());
            }
        } else if (!"cpu".equalsIgnoreCase(config.executionProvider())) {
            options.close();
            throw new IllegalArgumentException("emotion-ai.engine.execution-provider must be cpu or cuda, not "
                    + config.executionProvider());
        }
        return new Created(options, provider);
    }

    public record Created(OrtSession.SessionOptions options, String provider) {
    }
}

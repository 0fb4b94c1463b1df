package ai.emotion.engine;

import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelLoadException;
import ai.emotion.model.ModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.MeterRegistry;

/** Creates the ONNX Runtime session of a validated model folder; failures name the model file. */
public final class SessionLoader {
    private static final Logger LOG = Logger.getLogger(SessionLoader.class);

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final SessionOptionsFactory options;
    private final Optional<String> optimizedModelDir;
    private final MeterRegistry registry;

    public SessionLoader(SessionOptionsFactory options, Optional<String> optimizedModelDir, MeterRegistry registry) {
        this.options = options;
        this.optimizedModelDir = optimizedModelDir;
        this.registry = registry;
    }

    public Predictor load(ModelFolder folder) {
        ModelMetadata meta = folder.metadata();
        String key = meta.id().toString();
        try {
            SessionOptionsFactory.Created created = options.create(key);
            try (OrtSession.SessionOptions opts = created.options()) {
                if (optimizedModelDir.isPresent()) {
                    // ONNX Runtime writes the optimised graph here; useful to inspect what the optimiser did.
                    opts.setOptimizedModelFilePath(
                            Path.of(optimizedModelDir.get(), meta.name() + "-" + meta.version() + ".opt.onnx").toString());
                }
                OrtSession session = env.createSession(folder.modelFile().toString(), opts);
                LOG.infof("loaded %s from %s on %s", key, folder.modelFile(), created.provider());
                return new Predictor(env, session, meta, created.provider(), registry);
            }
        } catch (OrtException e) {
            throw new ModelLoadException(folder.modelFile().toAbsolutePath() + ": ONNX Runtime cannot load it: "
                    + e.getMessage(), e);
        }
    }
}

package ai.emotion.protocol;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.batching.InferenceRunner;
import ai.emotion.engine.Predictor;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.model.ModelRepository;
import ai.emotion.service.PredictionService;

/**
 * Model lookup and runs for the TF Serving and KServe protocols: an unknown model or version is 404 there
 * (as both specifications answer), and runs go through the same batcher as the face endpoints.
 */
@ApplicationScoped
public class ProtocolModels {
    private final ModelRepository repository;
    private final PredictionService predictions;
    private final InferenceRunner runner;

    public ProtocolModels(ModelRepository repository, PredictionService predictions, InferenceRunner runner) {
        this.repository = repository;
        this.predictions = predictions;
        this.runner = runner;
    }

    /** Served versions, lowest first; 404 when the model is not served. */
    public List<String> versions(String name) {
        List<String> versions = repository.versions(name);
        if (versions.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "model '" + name + "' is not served; models: "
                    + repository.names());
        }
        return versions;
    }

    /** The named version, or the one routing picks (split, default, highest) when {@code version} is null. */
    public Predictor find(String name, String version, String callerKey) {
        List<String> versions = versions(name);
        if (version != null && !versions.contains(version)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "model '" + name + "' has no version " + version
                    + "; versions: " + versions);
        }
        return predictions.model(name, version, callerKey);
    }

    /** The named version, or the highest, for metadata and status answers (no routing, no metrics). */
    public Predictor describe(String name, String version) {
        List<String> versions = versions(name);
        return repository.find(name, java.util.Optional.ofNullable(version)).orElseThrow(() -> new ApiException(
                ErrorCode.NOT_FOUND, "model '" + name + "' has no version " + version + "; versions: " + versions));
    }

    public Map<String, float[]> run(Predictor model, InputBatch batch) {
        return runner.run(model, batch.values(), batch.items());
    }
}

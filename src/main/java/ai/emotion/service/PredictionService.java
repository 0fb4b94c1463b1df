package ai.emotion.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;

import ai.emotion.batching.InferenceRunner;
import ai.emotion.engine.Predictor;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.model.ModelRepository;
import ai.emotion.routing.VersionRouter;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.translate.EmotionTranslator;
import ai.emotion.translate.Frame;
import ai.emotion.translate.Keypoint;
import ai.emotion.translate.KeypointTranslator;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.TensorPacker;

/**
 * Runs the models on face images: picks the version (request, A/B split or default), packs the faces, runs
 * them through the batcher, translates the answers. Shared by the REST resources and the Funqy functions.
 */
@ApplicationScoped
public class PredictionService {
    public static final String EMOTION = "emotion";
    public static final String KEYPOINTS = "keypoints";

    private final ModelRepository repository;
    private final VersionRouter router;
    private final InferenceRunner runner;

    public PredictionService(ModelRepository repository, VersionRouter router, InferenceRunner runner) {
        this.repository = repository;
        this.router = router;
        this.runner = runner;
    }

    public Predictor model(String name, String version) {
        return model(name, version, null);
    }

    /** The requested version, or the one routing picks for this caller when none is requested. */
    public Predictor model(String name, String version, String callerKey) {
        if (!repository.allWarm()) {
            throw new ApiException(ErrorCode.NOT_READY, "models are still loading; retry shortly");
        }
        VersionRouter.Route route = router.choose(name, version, callerKey);
        Predictor model = repository.find(name, route.version()).orElseThrow(() -> new ApiException(
                ErrorCode.UNKNOWN_MODEL_VERSION, "model_version '" + version + "' of " + name
                        + " does not exist; served versions: " + repository.versions(name)));
        router.served(name, model.metadata().version(), route);
        return model;
    }

    /** One emotion answer per face, all faces in one session run. */
    public List<EmotionPrediction> emotions(Predictor model, List<Mat> faces) {
        return emotions(model, submit(model, faces).await(), faces.size());
    }

    /** Keypoints per face, mapped back through each face's frame. */
    public List<List<Keypoint>> keypoints(Predictor model, List<Mat> faces, List<Frame> frames) {
        return keypoints(model, submit(model, faces).await(), frames);
    }

    public static List<EmotionPrediction> emotions(Predictor model, Map<String, float[]> outputs, int faces) {
        return java.util.stream.IntStream.range(0, faces)
                .mapToObj(i -> EmotionTranslator.decode(model.metadata(), outputs, i)).toList();
    }

    public static List<List<Keypoint>> keypoints(Predictor model, Map<String, float[]> outputs, List<Frame> frames) {
        return java.util.stream.IntStream.range(0, frames.size())
                .mapToObj(i -> KeypointTranslator.decode(model.metadata(), outputs, i, frames.get(i))).toList();
    }

    /** Packs the faces into one batch and queues its run; {@code await()} the outputs. */
    public InferenceRunner.Pending submit(Predictor model, List<Mat> faces) {
        return runner.submit(model, pack(model, faces), faces.size());
    }

    /** Like {@link #submit}, off the calling thread, so that another model can run meanwhile. */
    public InferenceRunner.Pending inBackground(Predictor model, List<Mat> faces) {
        return runner.inBackground(model, pack(model, faces), faces.size());
    }

    private static float[] pack(Predictor model, List<Mat> faces) {
        int item = model.inputItemSize();
        float[] batch = new float[faces.size() * item];
        try (MatScope scope = new MatScope()) {
            for (int i = 0; i < faces.size(); i++) {
                TensorPacker.pack(faces.get(i), model.metadata().preprocessing(), batch, i * item, scope);
            }
        }
        return batch;
    }
}

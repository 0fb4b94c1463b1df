package ai.emotion.functions;

import ai.emotion.dto.AnalyzeRequest;
import ai.emotion.dto.AnalyzeResponse;
import ai.emotion.dto.EmotionResponse;
import ai.emotion.dto.KeypointsResponse;
import ai.emotion.dto.PredictRequest;
import ai.emotion.serving.Inference;
import io.quarkus.funqy.Funq;

/**
 * Funqy functions: POST /emotion, /keypoints and /analyze with the REST API's JSON, or CloudEvents (binary or
 * structured) whose types application.properties maps to them.
 */
public class FaceFunctions {
    private final Inference inference;

    public FaceFunctions(Inference inference) {
        this.inference = inference;
    }

    @Funq("analyze")
    public AnalyzeResponse analyze(AnalyzeRequest request) {
        AnalyzeRequest r = AnalyzeRequest.require(request);
        return AnalyzeResponse.of(inference.analyze(inference.imageBytes(r.image()), r.options()));
    }

    @Funq("emotion")
    public EmotionResponse emotion(PredictRequest request) {
        PredictRequest r = PredictRequest.require(request);
        return EmotionResponse.of(inference.emotion(inference.imageBytes(r.image()), r.modelVersion(), r.callerKey()));
    }

    @Funq("keypoints")
    public KeypointsResponse keypoints(PredictRequest request) {
        PredictRequest r = PredictRequest.require(request);
        return KeypointsResponse.of(inference.keypoints(inference.imageBytes(r.image()), r.modelVersion(),
                r.callerKey()));
    }
}

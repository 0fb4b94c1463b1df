package ai.emotion.functions;

import ai.emotion.api.EmotionResponse;
import ai.emotion.api.FacePredictions;
import ai.emotion.api.KeypointsResponse;
import ai.emotion.api.PredictRequest;
import io.quarkus.funqy.Funq;

/**
 * Funqy functions: POST /emotion and /keypoints with the REST API's JSON, or CloudEvents (binary or
 * structured) whose types application.properties maps to them.
 */
public class FaceFunctions {
    private final FacePredictions predictions;

    public FaceFunctions(FacePredictions predictions) {
        this.predictions = predictions;
    }

    @Funq("emotion")
    public EmotionResponse emotion(PredictRequest request) {
        return predictions.emotion(request);
    }

    @Funq("keypoints")
    public KeypointsResponse keypoints(PredictRequest request) {
        return predictions.keypoints(request);
    }
}

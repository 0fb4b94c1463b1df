package ai.emotion.functions;

import ai.emotion.api.AnalyzeRequest;
import ai.emotion.api.AnalyzeResponse;
import ai.emotion.api.EmotionResponse;
import ai.emotion.api.FacePredictions;
import ai.emotion.api.KeypointsResponse;
import ai.emotion.api.PhotoAnalysis;
import ai.emotion.api.PredictRequest;
import io.quarkus.funqy.Funq;

/**
 * Funqy functions: POST /emotion, /keypoints and /analyze with the REST API's JSON, or CloudEvents (binary or
 * structured) whose types application.properties maps to them.
 */
public class FaceFunctions {
    private final FacePredictions predictions;
    private final PhotoAnalysis photos;

    public FaceFunctions(FacePredictions predictions, PhotoAnalysis photos) {
        this.predictions = predictions;
        this.photos = photos;
    }

    @Funq("analyze")
    public AnalyzeResponse analyze(AnalyzeRequest request) {
        return photos.analyze(request);
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

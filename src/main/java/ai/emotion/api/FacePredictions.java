package ai.emotion.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;

import ai.emotion.engine.Predictor;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.service.PredictionService;
import ai.emotion.translate.Frame;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;

/** The face-crop predictions behind both the REST resources and the Funqy functions. */
@ApplicationScoped
public class FacePredictions {
    private final ImageDecoder decoder;
    private final PredictionService service;

    public FacePredictions(ImageDecoder decoder, PredictionService service) {
        this.decoder = decoder;
        this.service = service;
    }

    public EmotionResponse emotion(PredictRequest request) {
        return emotion(decoder.decodeBase64(image(request)), request.modelVersion(), request.callerKey());
    }

    public EmotionResponse emotion(byte[] image, String version, String callerKey) {
        Predictor model = service.model(PredictionService.EMOTION, version, callerKey);
        try (MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(image, scope);
            return EmotionResponse.of(service.emotions(model, List.of(face)).get(0), model.metadata().version());
        }
    }

    public KeypointsResponse keypoints(PredictRequest request) {
        String image = image(request);
        Predictor model = service.model(PredictionService.KEYPOINTS, request.modelVersion(), request.callerKey());
        try (MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(decoder.decodeBase64(image), scope);
            Frame frame = Frame.wholeImage(face.cols(), face.rows());
            return KeypointsResponse.of(service.keypoints(model, List.of(face), List.of(frame)).get(0),
                    model.metadata().version());
        }
    }

    /** Emotion and keypoints of one face; model_version applies to the emotion model only (the original API). */
    public BothResponse both(PredictRequest request) {
        String image = image(request);
        Predictor emotionModel = service.model(PredictionService.EMOTION, request.modelVersion(), request.callerKey());
        Predictor keypointModel = service.model(PredictionService.KEYPOINTS, null, request.callerKey());
        try (MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(decoder.decodeBase64(image), scope);
            Frame frame = Frame.wholeImage(face.cols(), face.rows());
            return new BothResponse(
                    EmotionResponse.of(service.emotions(emotionModel, List.of(face)).get(0),
                            emotionModel.metadata().version()),
                    KeypointsResponse.of(service.keypoints(keypointModel, List.of(face), List.of(frame)).get(0),
                            keypointModel.metadata().version()));
        }
    }

    private static String image(PredictRequest request) {
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_IMAGE, "the request body is empty; send {\"image\": <base64>}");
        }
        return request.image();
    }
}

package ai.emotion.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;

import ai.emotion.batching.InferenceRunner;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.service.AnalysisStages.Stage;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.translate.Frame;
import ai.emotion.translate.Keypoint;
import ai.emotion.vision.DetectedFace;
import ai.emotion.vision.FaceCropper;
import ai.emotion.vision.FaceDetector;
import ai.emotion.vision.HaarFaceDetector;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.Photo;
import ai.emotion.vision.YuNetFaceDetector;
import io.micrometer.core.instrument.Timer;

/**
 * Whole-photo analysis: find every face, cut each one per model with that model's crop rule (the rule its
 * training used), and run all faces of the photo in one session run per model.
 */
@ApplicationScoped
public class FaceAnalysis {
    private final PredictionService predictions;
    private final EmotionAiConfig config;
    private final AnalysisStages stages;
    private volatile FaceDetector detector;

    public FaceAnalysis(PredictionService predictions, EmotionAiConfig config, AnalysisStages stages) {
        this.predictions = predictions;
        this.config = config;
        this.stages = stages;
    }

    /** Request options; null = configured default. The caller key keeps an A/B split sticky. */
    public record Options(String emotionVersion, String keypointsVersion, Integer maxFaces, Integer minFaceSize,
            String callerKey) {
    }

    public record FaceResult(DetectedFace face, EmotionPrediction emotion, List<Keypoint> keypoints) {
    }

    public record Result(int width, int height, String detector, List<FaceResult> faces, String emotionVersion,
            String keypointsVersion) {
    }

    public Result analyze(Photo photo, Options options) {
        Predictor emotionModel = predictions.model(PredictionService.EMOTION, options.emotionVersion(),
                options.callerKey());
        Predictor keypointModel = predictions.model(PredictionService.KEYPOINTS, options.keypointsVersion(),
                options.callerKey());
        int maxFaces = options.maxFaces() == null ? config.analyze().maxFaces() : options.maxFaces();
        int minSize = options.minFaceSize() == null ? config.analyze().minFaceSize() : options.minFaceSize();
        if (maxFaces < 1 || minSize < 0) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "max_faces must be >= 1 and min_face_size >= 0");
        }
        List<DetectedFace> faces = stages.timer(Stage.DETECT).record(() -> detector().detect(photo)).stream()
                .filter(f -> Math.min(f.width(), f.height()) >= minSize).limit(maxFaces).toList();
        List<FaceResult> results = new ArrayList<>();
        if (!faces.isEmpty()) {
            try (MatScope scope = new MatScope()) {
                Mat gray = photo.gray();
                List<Mat> emotionCrops = new ArrayList<>();
                List<Mat> keypointCrops = new ArrayList<>();
                List<Frame> keypointFrames = new ArrayList<>();
                Timer.Sample cropping = Timer.start();
                for (DetectedFace face : faces) {
                    emotionCrops.add(FaceCropper.crop(gray, face, emotionModel.metadata().preprocessing().crop(),
                            scope).image());
                    FaceCropper.Crop kp = FaceCropper.crop(gray, face, keypointModel.metadata().preprocessing().crop(),
                            scope);
                    keypointCrops.add(kp.image());
                    keypointFrames.add(kp.frame());
                }
                cropping.stop(stages.timer(Stage.CROP));
                Timer.Sample inference = Timer.start();
                // the emotion run goes off this thread while the keypoint run uses it: the two overlap
                InferenceRunner.Pending emotionRun = predictions.inBackground(emotionModel, emotionCrops);
                InferenceRunner.Pending keypointRun = predictions.submit(keypointModel, keypointCrops);
                List<EmotionPrediction> emotions = PredictionService.emotions(emotionModel, emotionRun.await(),
                        faces.size());
                List<List<Keypoint>> keypoints = PredictionService.keypoints(keypointModel, keypointRun.await(),
                        keypointFrames);
                inference.stop(stages.timer(Stage.INFERENCE));
                for (int i = 0; i < faces.size(); i++) {
                    results.add(new FaceResult(faces.get(i), emotions.get(i), keypoints.get(i)));
                }
            }
        }
        return new Result(photo.width(), photo.height(), detector().name(), results,
                emotionModel.metadata().version(), keypointModel.metadata().version());
    }

    /** YuNet when its model file is configured, otherwise the Haar cascade; created on first use. */
    private FaceDetector detector() {
        FaceDetector d = detector;
        if (d == null) {
            synchronized (this) {
                if (detector == null) {
                    Optional<String> model = config.faceDetector().model();
                    detector = model.isPresent()
                            ? new YuNetFaceDetector(config.faceDetector(), model.get())
                            : new HaarFaceDetector();
                }
                d = detector;
            }
        }
        return d;
    }
}

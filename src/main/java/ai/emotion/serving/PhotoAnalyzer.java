package ai.emotion.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;

import ai.emotion.batching.Pending;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.geometry.HeadPoseEstimator;
import ai.emotion.quality.FaceQuality;
import ai.emotion.quality.Sharpness;
import ai.emotion.serving.AnalysisStages.Stage;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.translate.EmotionTranslator;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.translate.Keypoint;
import ai.emotion.translate.KeypointTranslator;
import ai.emotion.vision.DetectedFace;
import ai.emotion.vision.FaceCropper;
import ai.emotion.vision.Frame;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.Photo;
import io.micrometer.core.instrument.Timer;

/**
 * Whole-photo analysis behind {@link Inference#analyze}: decode, find every face, cut each one per model with
 * that model's crop rule (the rule its training used), and run all faces of the photo in one session run per
 * model, the emotion run beside the keypoint run.
 */
@ApplicationScoped
class PhotoAnalyzer {
    private final ModelRegistry registry;
    private final ImageDecoder decoder;
    private final EmotionAiConfig.Analyze defaults;
    private final AnalysisStages stages;

    PhotoAnalyzer(ModelRegistry registry, ImageDecoder decoder, EmotionAiConfig config, AnalysisStages stages) {
        this.registry = registry;
        this.decoder = decoder;
        this.defaults = config.analyze();
        this.stages = stages;
    }

    PhotoResult analyze(byte[] image, AnalyzeOptions options, FaceModels models) {
        try (MatScope scope = new MatScope()) {
            Photo photo = stages.timer(Stage.DECODE).record(() -> decoder.decodePhoto(image, scope));
            // the image's limits are checked first: an oversized photo is 413 whatever its options
            return analyze(photo, options, models, scope);
        }
    }

    /** A decoded photo (a video frame, say); its Mats and the crops' stay owned by {@code scope}. */
    PhotoResult analyze(Photo photo, AnalyzeOptions options, FaceModels models, MatScope scope) {
        return analyzeAll(List.of(photo), options, models, scope).get(0);
    }

    /**
     * Decoded photos (a batch): faces found photo by photo, then the faces of all photos in one session run per
     * model, results in the photos' order. Callers bound the photos per call (the run's input grows with them).
     */
    List<PhotoResult> analyzeAll(List<Photo> photos, AnalyzeOptions options, FaceModels models, MatScope scope) {
        ServedDetector detector = registry.detector();
        options.validate(); // after the photo's own limits: an oversized photo is 413 whatever its options
        int maxFaces = options.maxFaces() == null ? defaults.maxFaces() : options.maxFaces();
        int minSize = options.minFaceSize() == null ? defaults.minFaceSize() : options.minFaceSize();
        List<List<DetectedFace>> found = new ArrayList<>(photos.size());
        for (Photo photo : photos) {
            found.add(!detectable(photo) ? List.of()
                    : stages.timer(Stage.DETECT).record(() -> detector.detect(photo)).stream()
                            .filter(f -> Math.min(f.width(), f.height()) >= minSize).limit(maxFaces).toList());
        }
        List<List<PhotoResult.Face>> faces = faces(photos, found, options.gate(), models, scope);
        List<PhotoResult> results = new ArrayList<>(photos.size());
        for (int p = 0; p < photos.size(); p++) {
            results.add(new PhotoResult(photos.get(p).width(), photos.get(p).height(), detector.detector().name(),
                    faces.get(p), models.emotionModel().id().version(), models.keypointModel().id().version()));
        }
        return results;
    }

    /** Detectors need a few pixels each way (YuNet asserts on a 320x1 input); a thinner photo holds no face. */
    static boolean detectable(Photo photo) {
        return Math.min(photo.detectionView().cols(), photo.detectionView().rows()) >= MIN_DETECTION_SIDE;
    }

    static final int MIN_DETECTION_SIDE = 16;

    /**
     * Each photo's faces with their results; every face of every photo goes through each model in one run: the
     * expression run beside the keypoint run, then each model of another kind.
     */
    private List<List<PhotoResult.Face>> faces(List<Photo> photos, List<List<DetectedFace>> found,
            ExpressionGate gate, FaceModels models, MatScope scope) {
        EmotionTranslator emotion = models.emotion();
        KeypointTranslator keypoints = models.keypoints();
        int count = found.stream().mapToInt(List::size).sum();
        List<List<PhotoResult.Face>> results = new ArrayList<>(photos.size());
        if (count == 0) {
            photos.forEach(p -> results.add(List.of()));
            return results;
        }
        Timer.Sample cropping = Timer.start();
        Crops emotionCrops = Crops.of(emotion, photos, found, scope);
        Crops keypointCrops = Crops.of(keypoints, photos, found, scope);
        cropping.stop(stages.timer(Stage.CROP));
        Timer.Sample inference = Timer.start();
        // the emotion run goes off this thread while the keypoint run uses it: the two overlap
        Pending emotionRun = Inference.submit(models.emotionModel(), emotion, emotionCrops.images(), true);
        Pending keypointRun = Inference.submit(models.keypointModel(), keypoints, keypointCrops.images(), false);
        List<EmotionPrediction> emotions = Inference.decode(emotion, emotionRun.await(), emotionCrops.frames());
        Map<String, float[]> keypointOutputs = keypointRun.await();
        List<List<Keypoint>> points = Inference.decode(keypoints, keypointOutputs, keypointCrops.frames());
        List<Map<String, Object>> others = others(photos, found, models.others(), count, scope);
        inference.stop(stages.timer(Stage.INFERENCE));
        int i = 0;
        for (int p = 0; p < photos.size(); p++) {
            Photo photo = photos.get(p);
            List<PhotoResult.Face> faces = new ArrayList<>();
            for (DetectedFace face : found.get(p)) {
                double[] landmarks = keypoints.landmarks68(keypointOutputs, i, keypointCrops.frames().get(i));
                FaceQuality quality = new FaceQuality(face.score(), Math.round(Math.min(face.width(), face.height())),
                        Sharpness.of(keypointCrops.images().get(i), scope),
                        HeadPoseEstimator.estimate(landmarks, photo.width(), photo.height()));
                String withheld = gate.withheld(quality);
                faces.add(new PhotoResult.Face(face, withheld == null ? gate.label(emotions.get(i)) : null,
                        points.get(i), landmarks, quality, withheld, others.get(i)));
                i++;
            }
            results.add(faces);
        }
        return results;
    }

    /** Per face (in order), model name -> result of every model of another kind: one run per model. */
    private static List<Map<String, Object>> others(List<Photo> photos, List<List<DetectedFace>> found,
            List<ModelVersion> models, int faces, MatScope scope) {
        List<Map<String, Object>> results = new ArrayList<>(faces);
        for (int i = 0; i < faces; i++) {
            results.add(models.isEmpty() ? Map.of() : new TreeMap<>());
        }
        for (ModelVersion model : models) {
            FaceTranslator<?> translator = model.translator();
            Crops crops = Crops.of(translator, photos, found, scope);
            List<?> decoded = Inference.decode(translator, Inference.submit(model, translator, crops.images(), false)
                    .await(), crops.frames());
            for (int i = 0; i < faces; i++) {
                results.get(i).put(model.id().name(), decoded.get(i));
            }
        }
        return results;
    }

    /** Every face of every photo cut by one model's crop rule, in order, with the frame each crop maps back by. */
    private record Crops(List<Mat> images, List<Frame> frames) {
        static Crops of(FaceTranslator<?> translator, List<Photo> photos, List<List<DetectedFace>> found,
                MatScope scope) {
            Crops crops = new Crops(new ArrayList<>(), new ArrayList<>());
            for (int p = 0; p < photos.size(); p++) {
                for (DetectedFace face : found.get(p)) {
                    FaceCropper.Crop c = translator.crop(photos.get(p).gray(), face, scope);
                    crops.images().add(c.image());
                    crops.frames().add(c.frame());
                }
            }
            return crops;
        }
    }
}

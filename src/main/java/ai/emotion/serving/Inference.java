package ai.emotion.serving;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.opencv.core.Mat;

import ai.emotion.batching.Pending;
import ai.emotion.error.ApiException;
import ai.emotion.error.ErrorCode;
import ai.emotion.error.Texts;
import ai.emotion.routing.VersionRouter;
import ai.emotion.translate.EmotionPrediction;
import ai.emotion.translate.EmotionTranslator;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.translate.Keypoint;
import ai.emotion.translate.KeypointTranslator;
import ai.emotion.translate.Translators;
import ai.emotion.vision.FaceCropper;
import ai.emotion.vision.FaceInCrop;
import ai.emotion.vision.FivePointAligner;
import ai.emotion.vision.Frame;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.Photo;

/**
 * The one inference entry point: the REST resources, the Funqy functions (HTTP, CloudEvents, Lambda), the TF
 * Serving and KServe protocols all call it. It picks the version (request, A/B split or default), decodes and
 * packs the images through the version's translator, runs them (through the batch queue when batching is on)
 * and translates the outputs.
 */
@ApplicationScoped
public class Inference {
    /** The model names the face endpoints serve; their versions are what model_version selects. */
    public static final String EMOTION = "emotion";
    public static final String KEYPOINTS = "keypoints";

    private final ModelRegistry registry;
    private final VersionRouter router;
    private final ImageDecoder decoder;
    private final PhotoAnalyzer photos;
    private final Admission admission;

    public Inference(ModelRegistry registry, VersionRouter router, ImageDecoder decoder, PhotoAnalyzer photos,
            Admission admission) {
        this.registry = registry;
        this.router = router;
        this.decoder = decoder;
        this.photos = photos;
        this.admission = admission;
    }

    /** Both answers of {@link #both}. */
    public record Both(Served<EmotionPrediction> emotion, Served<List<Keypoint>> keypoints) {
    }

    /** The bytes of a base64 image field (a data: URI prefix allowed), size-checked. */
    public byte[] imageBytes(String base64) {
        return decoder.decodeBase64(base64);
    }

    /** The emotion of a face crop. */
    public Served<EmotionPrediction> emotion(byte[] image, String version, String callerKey) {
        ModelVersion model = route(EMOTION, version, callerKey);
        try (Admission.Permit permit = admission.enter(); MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(image, scope);
            return wholeFace(model, translator(model, EmotionTranslator.class), face, scope);
        }
    }

    /** The keypoints of a face crop, in the sent image's pixels. */
    public Served<List<Keypoint>> keypoints(byte[] image, String version, String callerKey) {
        ModelVersion model = route(KEYPOINTS, version, callerKey);
        try (Admission.Permit permit = admission.enter(); MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(image, scope);
            return wholeFace(model, translator(model, KeypointTranslator.class), face, scope);
        }
    }

    /** Emotion and keypoints of one face crop; the version applies to the emotion model (the original API). */
    public Both both(byte[] image, String emotionVersion, String callerKey) {
        ModelVersion emotionModel = route(EMOTION, emotionVersion, callerKey);
        ModelVersion keypointModel = route(KEYPOINTS, null, callerKey);
        try (Admission.Permit permit = admission.enter(); MatScope scope = new MatScope()) {
            Mat face = decoder.decodeGray(image, scope);
            return new Both(wholeFace(emotionModel, translator(emotionModel, EmotionTranslator.class), face, scope),
                    wholeFace(keypointModel, translator(keypointModel, KeypointTranslator.class), face, scope));
        }
    }

    /** Every face of a whole photo with its box, emotion and keypoints. */
    public PhotoResult analyze(byte[] image, AnalyzeOptions options) {
        FaceModels models = faceModels(options);
        try (Admission.Permit permit = admission.enter()) {
            return photos.analyze(image, options, models);
        }
    }

    /**
     * The per-face models of a whole-photo analysis, routed: the expression and keypoint versions the options name
     * (or routing picks), and the routed version of every served model of another registered kind.
     */
    private FaceModels faceModels(AnalyzeOptions options) {
        ModelVersion emotionModel = route(EMOTION, options.emotionVersion(), options.callerKey());
        ModelVersion keypointModel = route(KEYPOINTS, options.keypointsVersion(), options.callerKey());
        List<ModelVersion> others = new ArrayList<>();
        for (String name : registry.names()) {
            if (!name.equals(EMOTION) && !name.equals(KEYPOINTS) && find(name, null)
                    .filter(v -> Translators.isOtherKind(v.translator())).isPresent()) {
                others.add(route(name, null, options.callerKey()));
            }
        }
        return new FaceModels(emotionModel, translator(emotionModel, EmotionTranslator.class), keypointModel,
                translator(keypointModel, KeypointTranslator.class), others);
    }

    /**
     * The versions of a whole-photo analysis routed once, for a sequence of photos (a video's frames, a batch's
     * images); hold {@link #admit} while using it.
     */
    public RoutedAnalysis routed(AnalyzeOptions options) {
        return new RoutedAnalysis(photos, options, faceModels(options));
    }

    /** One image of a batch: its result, or the error that refused it (one bad image does not fail the others). */
    public record BatchItem(PhotoResult result, ApiException error) {
    }

    /**
     * Every image of a batch, in order, under one admission place: decoded and searched for faces image by image,
     * then the faces of {@code chunk} images at a time through each model in one run. An image whose bytes cannot
     * be had or decoded gets its error; the others go on.
     */
    public List<BatchItem> analyzeBatch(List<Supplier<byte[]>> images, AnalyzeOptions options, int chunk) {
        RoutedAnalysis routed = routed(options.validate()); // they apply to every image: refused before any
        List<BatchItem> items = new ArrayList<>(images.size());
        try (Admission.Permit permit = admission.enter()) {
            for (int start = 0; start < images.size(); start += chunk) {
                // each image's bytes are fetched (a base64 decoded, say) only when its chunk comes
                List<Supplier<byte[]>> part = images.subList(start, Math.min(images.size(), start + chunk));
                try (MatScope scope = new MatScope()) {
                    List<Photo> decoded = new ArrayList<>();
                    List<ApiException> errors = new ArrayList<>();
                    for (Supplier<byte[]> image : part) {
                        try {
                            decoded.add(decoder.decodePhoto(image.get(), scope));
                            errors.add(null);
                        } catch (ApiException e) {
                            errors.add(e);
                        }
                    }
                    Iterator<PhotoResult> results = routed.analyzeAll(decoded, scope).iterator();
                    for (ApiException error : errors) {
                        items.add(error == null ? new BatchItem(results.next(), null) : new BatchItem(null, error));
                    }
                }
            }
        }
        return items;
    }

    /** One admission place for work that runs outside the methods above (a video, a batch). */
    public Admission.Permit admit() {
        return admission.enter();
    }

    /**
     * The image itself is the face: one item, its frame the whole image. A model trained on five-point aligned faces
     * gets the face aligned on the landmarks the face detector finds in the image, and the whole image when it finds
     * none (a crop too tight or too small for it, or the Haar fallback, which gives no landmarks).
     */
    private <R> Served<R> wholeFace(ModelVersion model, FaceTranslator<R> translator, Mat face, MatScope scope) {
        Optional<FaceCropper.Crop> aligned = translator.alignsFivePoints()
                ? FaceInCrop.find(registry.detector(), face, decoder.detectionMaxSide(), scope)
                        .filter(f -> FivePointAligner.usable(f.landmarks5())).map(f -> translator.crop(face, f, scope))
                : Optional.empty();
        Mat item = aligned.map(FaceCropper.Crop::image).orElse(face);
        Frame frame = aligned.map(FaceCropper.Crop::frame).orElseGet(() -> Frame.wholeImage(face.cols(), face.rows()));
        Map<String, float[]> outputs = model.run(pack(translator, List.of(item)), 1);
        return new Served<>(translator.decode(outputs, 0, frame), model.id(),
                aligned.isPresent() ? Served.FIVE_POINT : Served.WHOLE_IMAGE);
    }

    /** The faces packed into one batch through the translator, queued as one run. */
    static Pending submit(ModelVersion model, FaceTranslator<?> translator, List<Mat> faces, boolean background) {
        float[] batch = pack(translator, faces);
        return background ? model.inBackground(batch, faces.size()) : model.submit(batch, faces.size());
    }

    /** Gray faces resized and scaled into one input batch by the translator. */
    static float[] pack(FaceTranslator<?> translator, List<Mat> faces) {
        float[] batch = new float[faces.size() * translator.itemSize()];
        try (MatScope scope = new MatScope()) {
            for (int i = 0; i < faces.size(); i++) {
                translator.pack(faces.get(i), batch, i, scope);
            }
        }
        return batch;
    }

    static <R> List<R> decode(FaceTranslator<R> translator, Map<String, float[]> outputs, List<Frame> frames) {
        return IntStream.range(0, frames.size()).mapToObj(i -> translator.decode(outputs, i, frames.get(i))).toList();
    }

    private static <T extends FaceTranslator<?>> T translator(ModelVersion model, Class<T> type) {
        return model.translator(type).orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_MODEL_VERSION,
                model.id() + " is a " + model.metadata().task() + " model, not one this endpoint serves"));
    }

    /**
     * The requested version, or the one routing picks for this caller when none is requested. A version that
     * failed its self-check on this CPU is refused when requested, and replaced by its nearest served ancestor
     * (derived_from) when routing picked it.
     */
    public ModelVersion route(String name, String version, String callerKey) {
        if (!registry.allWarm()) {
            throw new ApiException(ErrorCode.NOT_READY, "models are still loading; retry shortly");
        }
        VersionRouter.Route route = router.choose(name, version, callerKey);
        ModelVersion picked = registry.find(name, route.version()).orElseThrow(() -> new ApiException(
                ErrorCode.UNKNOWN_MODEL_VERSION, "model_version '" + Texts.clip(version) + "' of " + Texts.clip(name)
                        + (version != null && registry.isNotLoaded(name, version)
                                ? " is in the repository but not loaded by this instance (its config.json \"load\"; "
                                        + "emotion-ai.models.load=all loads every version)"
                                : " does not exist")
                        + "; served versions: " + registry.versions(name)));
        ModelVersion model = route.requested() ? picked : registry.servedLineage(picked).orElse(picked);
        if (model.unavailable().isPresent()) {
            throw new ApiException(ErrorCode.UNKNOWN_MODEL_VERSION, model.id() + " is not served: "
                    + model.unavailable().get());
        }
        router.served(name, model.id().version(), model == picked ? route : VersionRouter.Route.FALLBACK);
        return model;
    }

    /**
     * The named version, or the one a request naming none gets (the configured default, else the highest; a split
     * aside; fallback included), without metrics (metadata and status answers).
     */
    public Optional<ModelVersion> find(String name, String version) {
        if (version != null) {
            return registry.find(name, Optional.of(version));
        }
        return registry.find(name, router.defaultVersion(name)).map(v -> registry.servedLineage(v).orElse(v));
    }

    /** Served versions of {@code name}, lowest first (empty: not served). */
    public List<String> versions(String name) {
        return registry.versions(name);
    }

    public List<String> names() {
        return registry.names();
    }

    public boolean ready() {
        return registry.allWarm();
    }

    /**
     * Encoded images decoded, made gray and packed by the version's translator as the face endpoints do, then run
     * (the serving protocols' image inputs); decoding and the run hold one admission place.
     */
    public Map<String, float[]> runImages(ModelVersion model, List<byte[]> images) {
        try (Admission.Permit permit = admission.enter(); MatScope scope = new MatScope()) {
            List<Mat> gray = new ArrayList<>(images.size());
            for (byte[] image : images) {
                gray.add(decoder.decodeGray(image, scope));
            }
            return model.run(pack(model.translator(), gray), images.size());
        }
    }

    /** A raw tensor run (the serving protocols): {@code items} inputs in, every output flattened out. */
    public Map<String, float[]> run(ModelVersion model, float[] input, int items) {
        try (Admission.Permit permit = admission.enter()) {
            return model.run(input, items);
        }
    }
}

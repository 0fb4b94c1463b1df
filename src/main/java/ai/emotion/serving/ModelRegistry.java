package ai.emotion.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.emotion.batching.BatchQueue;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.emotion.model.LoadPolicy;
import ai.emotion.model.ModelConfig;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelId;
import ai.emotion.model.ModelLoadException;
import ai.emotion.routing.VersionRouter;
import ai.emotion.translate.FaceTranslator;
import ai.emotion.translate.Translators;
import ai.emotion.vision.HaarFaceDetector;
import ai.emotion.vision.YuNetFaceDetector;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every served model version, in one map by id, and the face detector. {@link Startup} fills it; {@link #reload()}
 * adds version folders that appeared and retires those that went away, without a restart: a new version is warmed
 * before it is visible, a retired one keeps answering the requests that already hold it.
 */
@ApplicationScoped
public class ModelRegistry {
    public static final String DETECTION_TASK = "face-detection";
    /** The face detector's model name in the repository (its config.json may name the version to serve). */
    public static final String DETECTOR = "face-detector";
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final EmotionAiConfig config;
    private final MeterRegistry meters;
    private final NavigableMap<ModelId, ModelVersion> versions = new ConcurrentSkipListMap<>();
    private final List<ModelFolder> detectorFolders = new ArrayList<>();
    /** Versions in the repository that the load policy left out (requests naming them are told so). */
    private final Set<ModelId> notLoaded = new java.util.concurrent.ConcurrentSkipListSet<>();
    private volatile ServedDetector detector;
    private volatile boolean detectorWarm;
    /** Runs taken off a caller's thread; as many threads as callers wait on them (the HTTP worker pool bounds that). */
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "inference-background");
        thread.setDaemon(true);
        return thread;
    });

    public ModelRegistry(EmotionAiConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /**
     * Scans the models directory and creates the sessions of the tensor model versions each model's load policy
     * selects (config.json "load", or all with emotion-ai.models.load=all), side by side (one per core).
     * {@code routable} gives, per model name, the versions requests naming none can reach (empty: the highest).
     */
    public void loadSessions(Path root, Function<String, Set<String>> routable) {
        SessionLoader loader = loader();
        Map<ModelFolder, FaceTranslator<?>> tensorModels = new LinkedHashMap<>();
        List<ModelFolder> folders = new ArrayList<>();
        for (ModelFolder folder : ModelFolder.scan(root)) {
            if (DETECTION_TASK.equals(folder.metadata().task())) {
                detectorFolders.add(folder);
            } else {
                folders.add(folder);
            }
        }
        Set<ModelId> wanted = selected(folders, ModelConfig.scan(root), routable);
        for (ModelFolder folder : folders) {
            if (wanted.contains(folder.id())) {
                tensorModels.put(folder, translatorOf(folder)); // an unknown task stops startup before any session
            } else {
                notLoaded.add(folder.id());
            }
        }
        if (!notLoaded.isEmpty()) {
            LOG.infof("not loaded (config.json \"load\"; emotion-ai.models.load=all loads them): %s", notLoaded);
        }
        tensorModels.entrySet().parallelStream()
                .forEach(model -> serve(create(model.getKey(), model.getValue(), loader)));
    }

    /** The versions the load policies select, with the versions they derive from. */
    private Set<ModelId> selected(List<ModelFolder> folders, Map<String, ModelConfig> configs,
            Function<String, Set<String>> routable) {
        Map<String, List<String>> byName = new TreeMap<>();
        Map<ModelId, ModelFolder> byId = new HashMap<>();
        for (ModelFolder folder : folders) {
            byName.computeIfAbsent(folder.id().name(), n -> new ArrayList<>()).add(folder.id().version());
            byId.put(folder.id(), folder);
        }
        boolean all = "all".equalsIgnoreCase(config.models().load().trim());
        Set<ModelId> wanted = new TreeSet<>();
        byName.forEach((name, versions) -> {
            LoadPolicy policy = all ? LoadPolicy.ALL
                    : Optional.ofNullable(configs.get(name)).map(ModelConfig::loadPolicy).orElse(LoadPolicy.ALL);
            Set<String> reachable = new TreeSet<>(routable.apply(name));
            if (reachable.isEmpty()) { // no default configured: the highest
                versions.stream().max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                        .ifPresent(reachable::add);
            }
            for (String version : policy.select(versions, reachable)) {
                // the version and its derived_from chain (the self-check's fallback)
                Optional<ModelId> id = Optional.of(new ModelId(name, version));
                while (id.isPresent() && byId.containsKey(id.get()) && wanted.add(id.get())) {
                    id = byId.get(id.get()).metadata().parent();
                }
            }
        });
        return wanted;
    }

    private static FaceTranslator<?> translatorOf(ModelFolder folder) {
        return Translators.forFolder(folder).orElseThrow(() -> new ModelLoadException(
                folder.metadataFile().toAbsolutePath() + ": unknown task '" + folder.metadata().task()
                        + "'; this service knows " + new TreeSet<>(Translators.tasks()) + " and " + DETECTION_TASK));
    }

    private ModelVersion create(ModelFolder folder, FaceTranslator<?> translator, SessionLoader loader) {
        Predictor predictor = loader.load(folder);
        boolean batching = config.batching().enabled().orElse("cuda".equals(predictor.provider()));
        Optional<BatchQueue> queue = batching
                ? Optional.of(new BatchQueue(folder.id(), translator.itemSize(), predictor::run, config.batching(), meters))
                : Optional.empty();
        return new ModelVersion(predictor, translator, queue, background, config.batching().timeout().toNanos(),
                folder.testVectorsFile());
    }

    private void serve(ModelVersion version) {
        versions.put(version.id(), version);
    }

    private SessionLoader loader() {
        return new SessionLoader(new SessionOptionsFactory(config.engine()), config.engine().optimizedModelDir(),
                meters);
    }

    /**
     * Creates the face detector (OpenCV must be loaded): the file emotion-ai.face-detector.model names, else the
     * face-detection version {@code version} names (a config.json default_version), else the highest of the
     * repository, else the Haar cascade. A file OpenCV cannot load stops startup naming it.
     */
    public void loadDetector(Optional<String> version) {
        detector = createDetector(version);
        LOG.infof("face detector: %s%s", detector.label(), detector.file().map(f -> " from " + f).orElse(""));
    }

    private ServedDetector createDetector(Optional<String> version) {
        Optional<String> override = config.faceDetector().model().filter(p -> !p.isBlank());
        if (override.isPresent()) {
            Path file = Path.of(override.get());
            return ServedDetector.of(yunet(file, "emotion-ai.face-detector.model"), Optional.empty(), Optional.of(file),
                    meters);
        }
        Optional<ModelFolder> chosen = version.flatMap(v -> detectorFolders.stream()
                .filter(f -> f.id().version().equals(v)).findFirst())
                .or(() -> detectorFolders.stream().max(Comparator.comparing(ModelFolder::id)));
        if (chosen.isEmpty()) {
            return ServedDetector.of(new HaarFaceDetector(), Optional.empty(), Optional.empty(), meters);
        }
        ModelFolder folder = chosen.get();
        String kind = folder.metadata().detector() == null ? null : folder.metadata().detector().kind();
        if (!"yunet".equals(kind)) {
            throw new ModelLoadException(folder.metadataFile().toAbsolutePath() + ": detector.kind must be "
                    + "\"yunet\" (OpenCV FaceDetectorYN), not " + kind);
        }
        return ServedDetector.of(yunet(folder.modelFile(), folder.metadataFile().toString()), Optional.of(folder.id()),
                Optional.of(folder.modelFile()), meters);
    }

    private YuNetFaceDetector yunet(Path file, String namedBy) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file.toAbsolutePath() + ": face detector model not found (" + namedBy + ")");
        }
        try {
            return new YuNetFaceDetector(config.faceDetector(), file.toString());
        } catch (RuntimeException e) {
            throw new ModelLoadException(file.toAbsolutePath() + ": OpenCV cannot load it as a YuNet face detector: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Warms every session and the detector (in parallel; only marks them warm when warm-up is off), then
     * self-checks every version against its test vectors (OpenCV must be loaded) and logs what that cost.
     */
    public void warmAll() {
        CompletableFuture<Void> detection = CompletableFuture.runAsync(this::warmDetector, background);
        long checks = versions.values().parallelStream().mapToLong(this::prepare).sum();
        detection.join();
        if (config.models().selfCheck()) {
            LOG.infof("self-check of %d versions took %.1f ms in all; not served on this CPU: %s", versions.size(),
                    checks / 1e6, versions.values().stream().filter(v -> v.unavailable().isPresent())
                            .map(ModelVersion::id).toList());
        }
    }

    /** Warms a version (unless warm-up is off), then self-checks it; returns the check's nanoseconds. */
    private long prepare(ModelVersion version) {
        if (config.models().warmUp()) {
            version.warmUp(config.models().warmUpBatch());
        }
        return version.selfCheck(config.models().selfCheck());
    }

    private void warmDetector() {
        if (detector != null) {
            warm(detector);
        }
        detectorWarm = detector != null;
    }

    private void warm(ServedDetector served) {
        if (config.models().warmUp()) {
            long start = System.nanoTime();
            served.detector().warmUp();
            LOG.infof("warmed %s in %.1f ms", served.label(), (System.nanoTime() - start) / 1e6);
        }
    }

    /** What a reload changed, as "name/version" ids. */
    public record ReloadReport(List<String> added, List<String> removed, List<String> serving) {
    }

    /**
     * Serves tensor model folders that appeared under the models directory and retires those that disappeared.
     * Version folders are immutable (publish a changed model as a new version, as TF Serving does). The face
     * detector goes the same way: when another face-detection version is the one to serve ({@code detectorVersion},
     * a config.json default, else the highest), it is created and warmed, then replaces the one serving.
     */
    public synchronized ReloadReport reload(VersionRouter router) {
        Path root = Path.of(config.models().dir());
        router.readRepository(root); // config.json files may have changed too (a new default, another policy)
        List<ModelFolder> scanned = ModelFolder.scan(root);
        List<ModelFolder> onDisk = scanned.stream().filter(f -> !DETECTION_TASK.equals(f.metadata().task())).toList();
        List<ModelFolder> detectors = scanned.stream().filter(f -> DETECTION_TASK.equals(f.metadata().task())).toList();
        Set<ModelId> wanted = selected(onDisk, ModelConfig.scan(root), router::routable);
        Set<ModelId> present = new TreeSet<>();
        List<String> added = new ArrayList<>();
        SessionLoader loader = loader();
        notLoaded.clear();
        for (ModelFolder folder : onDisk) {
            present.add(folder.id());
            if (!wanted.contains(folder.id())) {
                if (!versions.containsKey(folder.id())) {
                    notLoaded.add(folder.id()); // a loaded one stays until its folder goes: requests may name it
                }
            } else if (!versions.containsKey(folder.id())) {
                ModelVersion version = create(folder, translatorOf(folder), loader);
                prepare(version); // before it is visible, so readiness never drops
                serve(version);
                added.add(folder.id().toString());
            }
        }
        List<String> removed = new ArrayList<>();
        for (ModelId id : List.copyOf(versions.keySet())) {
            if (!present.contains(id)) {
                retireLater(versions.remove(id));
                removed.add(id.toString());
            }
        }
        String before = detector == null ? null : detector.label();
        detectorFolders.clear();
        detectorFolders.addAll(detectors);
        ServedDetector next = createDetector(router.defaultVersion(DETECTOR));
        if (!next.label().equals(before)) {
            warm(next); // before it serves, so that no request waits for its set-up
            detector = next;
            added.add(next.label());
            if (before != null) {
                removed.add(before);
            }
        }
        LOG.infof("reload: added %s, removed %s", added, removed);
        List<String> serving = new ArrayList<>(versions.keySet().stream().map(ModelId::toString).toList());
        serving.add(detector.label());
        return new ReloadReport(added, removed, serving);
    }

    /** Closes a retired version once the requests that already hold it had the full request timeout. */
    private void retireLater(ModelVersion version) {
        long graceMs = config.batching().timeout().toMillis() + 1000;
        CompletableFuture.runAsync(version::close, CompletableFuture.delayedExecutor(graceMs, TimeUnit.MILLISECONDS));
    }

    public boolean allWarm() {
        return !versions.isEmpty() && detectorWarm && versions.values().stream().allMatch(ModelVersion::isWarm);
    }

    /** "name/version" -> {@link ModelVersion#status()}, the detector's "warm" or "loading" included. */
    public Map<String, String> status() {
        Map<String, String> status = new TreeMap<>();
        versions.forEach((id, version) -> status.put(id.toString(), version.status()));
        if (detector != null) {
            status.put(detector.label(), detectorWarm ? "warm" : "loading");
        }
        return status;
    }

    /** Whether {@code name/version} is in the repository but left out by the load policy. */
    public boolean isNotLoaded(String name, String version) {
        return ModelId.isVersion(version) && notLoaded.contains(new ModelId(name, version));
    }

    /** The given version, or the highest one when {@code version} is empty. */
    public Optional<ModelVersion> find(String name, Optional<String> version) {
        if (version.isPresent()) {
            return ModelId.isVersion(version.get()) ? Optional.ofNullable(versions.get(new ModelId(name, version.get())))
                    : Optional.empty();
        }
        return Optional.ofNullable(ofName(name).lastEntry()).map(Map.Entry::getValue);
    }

    /**
     * {@code version} while it is served, else the first served version along its derived_from chain (an int8
     * graph's fp32 source); empty when none is.
     */
    public Optional<ModelVersion> servedLineage(ModelVersion version) {
        Set<ModelId> seen = new HashSet<>();
        ModelVersion candidate = version;
        while (candidate != null && seen.add(candidate.id())) {
            if (candidate.unavailable().isEmpty()) {
                return Optional.of(candidate);
            }
            candidate = candidate.metadata().parent().map(versions::get).orElse(null);
        }
        return Optional.empty();
    }

    private NavigableMap<ModelId, ModelVersion> ofName(String name) {
        if (name == null || name.isBlank()) {
            return new TreeMap<>();
        }
        return versions.subMap(new ModelId(name, "0"), true, new ModelId(name, "999999999999999999"), true);
    }

    /** Served tensor model names, sorted. */
    public List<String> names() {
        return versions.keySet().stream().map(ModelId::name).distinct().toList();
    }

    /** Served versions of {@code name}, lowest first. */
    public List<String> versions(String name) {
        return ofName(name).keySet().stream().map(ModelId::version).toList();
    }

    /** The face detector; null until {@link #loadDetector}. */
    public ServedDetector detector() {
        return detector;
    }

    @PreDestroy
    public void close() {
        versions.values().forEach(ModelVersion::close);
        versions.clear();
        background.shutdown();
    }
}

package ai.emotion.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.emotion.batching.InferenceRunner;
import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * All served model versions, created at startup: one ONNX Runtime session per version, each warmed with a
 * real batch. A model that cannot be loaded stops startup (no half-working service). {@link #reload()} adds
 * version folders that appeared and retires those that went away, without a restart: a new version is
 * warmed before it is visible; a retired one keeps answering the requests that already hold it.
 */
@ApplicationScoped
public class ModelRepository {
    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    /** Versions compare as numbers, so "10" is newer than "9". */
    static final Comparator<String> VERSION_ORDER = Comparator.comparingLong(Long::parseLong);

    private final EmotionAiConfig config;
    private final MeterRegistry registry;
    private final InferenceRunner runner;
    private final Map<String, NavigableMap<String, Predictor>> models = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warm = new ConcurrentHashMap<>();

    public ModelRepository(EmotionAiConfig config, MeterRegistry registry, InferenceRunner runner) {
        this.config = config;
        this.registry = registry;
        this.runner = runner;
    }

    void onStart(@Observes StartupEvent event) {
        load(Path.of(config.models().dir()));
        if (config.models().warmUp()) {
            warmAll();
        } else {
            warm.replaceAll((model, isWarm) -> true); // ready at once; the first requests pay the set-up
        }
    }

    /** Sessions load side by side (one per core): what a cold start waits for. */
    void load(Path root) {
        SessionLoader loader = loader();
        ModelFolder.scan(root).parallelStream().forEach(folder -> {
            ModelMetadata meta = folder.metadata();
            serve(meta, loader.load(folder));
            warm.put(meta.name() + "/" + meta.version(), false);
        });
    }

    private void serve(ModelMetadata meta, Predictor predictor) {
        models.computeIfAbsent(meta.name(), n -> new ConcurrentSkipListMap<>(VERSION_ORDER))
                .put(meta.version(), predictor);
    }

    private SessionLoader loader() {
        return new SessionLoader(new SessionOptionsFactory(config.engine()), config.engine().optimizedModelDir(),
                registry);
    }

    /** Runs every session once with a batch of mid-gray images so the first request pays no set-up cost. */
    void warmAll() {
        models.values().stream().flatMap(versions -> versions.values().stream()).toList().parallelStream()
                .forEach(this::warm);
    }

    private void warm(Predictor p) {
        int batch = Math.max(1, config.models().warmUpBatch());
        float[] input = new float[batch * p.inputItemSize()];
        Arrays.fill(input, 0.5f);
        long start = System.nanoTime();
        p.run(input, batch);
        p.run(new float[p.inputItemSize()], 1);
        ModelMetadata m = p.metadata();
        warm.put(m.name() + "/" + m.version(), true);
        LOG.infof("warmed %s/%s in %.1f ms", m.name(), m.version(), (System.nanoTime() - start) / 1e6);
    }

    /** What a reload changed, as "name/version" keys. */
    public record ReloadReport(List<String> added, List<String> removed, List<String> serving) {
    }

    /**
     * Serves version folders that appeared under the models directory and retires those that disappeared. A
     * version folder is treated as immutable (publish a changed model as a new version, as TF Serving does).
     */
    public synchronized ReloadReport reload() {
        List<ModelFolder> onDisk = ModelFolder.scan(Path.of(config.models().dir()));
        Set<String> present = new TreeSet<>();
        List<String> added = new ArrayList<>();
        SessionLoader loader = loader();
        for (ModelFolder folder : onDisk) {
            ModelMetadata meta = folder.metadata();
            present.add(meta.name() + "/" + meta.version());
            if (find(meta.name(), Optional.of(meta.version())).isPresent()) {
                continue;
            }
            Predictor predictor = loader.load(folder);
            warm(predictor); // before it is visible, so readiness never drops
            serve(meta, predictor);
            added.add(meta.name() + "/" + meta.version());
        }
        List<String> removed = new ArrayList<>();
        models.forEach((name, versions) -> versions.keySet().removeIf(version -> {
            if (present.contains(name + "/" + version)) {
                return false;
            }
            retireLater(versions.get(version));
            warm.remove(name + "/" + version);
            removed.add(name + "/" + version);
            return true;
        }));
        models.values().removeIf(Map::isEmpty);
        LOG.infof("reload: added %s, removed %s", added, removed);
        return new ReloadReport(added, removed, new ArrayList<>(status().keySet()));
    }

    /**
     * Closes a version no longer served once the requests that already picked it are done: they get the
     * full request timeout, then its batch queue drains and the session closes.
     */
    private void retireLater(Predictor predictor) {
        long graceMs = config.batching().timeout().toMillis() + 1000;
        CompletableFuture.runAsync(() -> close(predictor),
                CompletableFuture.delayedExecutor(graceMs, TimeUnit.MILLISECONDS));
    }

    private void close(Predictor predictor) {
        runner.retire(predictor);
        try {
            predictor.close();
        } catch (OrtException e) {
            LOG.warn("closing a session failed", e);
        }
    }

    public boolean allWarm() {
        return !warm.isEmpty() && warm.values().stream().allMatch(Boolean::booleanValue);
    }

    /** "name/version" -> warm, for the readiness report. */
    public Map<String, Boolean> status() {
        return Collections.unmodifiableMap(new TreeMap<>(warm));
    }

    /** The given version, or the highest one when {@code version} is empty. */
    public Optional<Predictor> find(String name, Optional<String> version) {
        NavigableMap<String, Predictor> versions = models.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        if (version.isEmpty()) {
            return Optional.of(versions.lastEntry().getValue());
        }
        try {
            Long.parseLong(version.get());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(versions.get(version.get()));
    }

    /** Served model names, sorted. */
    public List<String> names() {
        return new ArrayList<>(new TreeSet<>(models.keySet()));
    }

    public List<String> versions(String name) {
        NavigableMap<String, Predictor> versions = models.get(name);
        return versions == null ? List.of() : new ArrayList<>(versions.keySet());
    }

    @PreDestroy
    public void close() {
        models.values().forEach(versions -> versions.values().forEach(this::close));
        models.clear();
    }
}

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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * All served model versions, created at startup: one ONNX Runtime session per version, each warmed with a
 * real batch. A model that cannot be loaded stops startup (no half-working service).
 */
@ApplicationScoped
public class ModelRepository {
    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    /** Versions compare as numbers, so "10" is newer than "9". */
    static final Comparator<String> VERSION_ORDER = Comparator.comparingLong(Long::parseLong);

    private final EmotionAiConfig config;
    private final MeterRegistry registry;
    private final Map<String, NavigableMap<String, Predictor>> models = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warm = new ConcurrentHashMap<>();

    public ModelRepository(EmotionAiConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        load(Path.of(config.models().dir()));
        if (config.models().warmUp()) {
            warmAll();
        } else {
            warm.replaceAll((model, isWarm) -> true); // ready at once; the first requests pay the set-up
        }
    }

    void load(Path root) {
        SessionLoader loader = new SessionLoader(new SessionOptionsFactory(config.engine()),
                config.engine().optimizedModelDir(), registry);
        for (ModelFolder folder : ModelFolder.scan(root)) {
            ModelMetadata meta = folder.metadata();
            Predictor predictor = loader.load(folder);
            models.computeIfAbsent(meta.name(), n -> new TreeMap<>(VERSION_ORDER)).put(meta.version(), predictor);
            warm.put(meta.name() + "/" + meta.version(), false);
        }
    }

    /** Runs every session once with a batch of mid-gray images so the first request pays no set-up cost. */
    void warmAll() {
        int batch = Math.max(1, config.models().warmUpBatch());
        models.values().forEach(versions -> versions.values().forEach(p -> {
            float[] input = new float[batch * p.inputItemSize()];
            Arrays.fill(input, 0.5f);
            long start = System.nanoTime();
            p.run(input, batch);
            p.run(new float[p.inputItemSize()], 1);
            ModelMetadata m = p.metadata();
            warm.put(m.name() + "/" + m.version(), true);
            LOG.infof("warmed %s/%s in %.1f ms", m.name(), m.version(), (System.nanoTime() - start) / 1e6);
        }));
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

    public List<String> versions(String name) {
        NavigableMap<String, Predictor> versions = models.get(name);
        return versions == null ? List.of() : new ArrayList<>(versions.keySet());
    }

    @PreDestroy
    void close() {
        models.values().forEach(versions -> versions.values().forEach(p -> {
            try {
                p.close();
            } catch (OrtException e) {
                LOG.warn("closing a session failed", e);
            }
        }));
        models.clear();
    }
}

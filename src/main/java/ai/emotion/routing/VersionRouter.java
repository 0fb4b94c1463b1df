package ai.emotion.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import ai.emotion.config.EmotionAiConfig;
import ai.emotion.model.ModelConfig;
import ai.emotion.model.ModelLoadException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Chooses the version that answers a request which names none: the configured weighted split (A/B), else
 * the configured default (emotion-ai.routing, else the model's config.json beside its versions), else the highest
 * version. With a caller key the split is sticky: the same key
 * always lands on the same version (a hash, so every replica agrees without shared state). A chosen version that
 * is not served on this CPU gives way to the version it derives from ({@link Route#FALLBACK}, serving's job).
 */
@ApplicationScoped
public class VersionRouter {
    private final EmotionAiConfig config;
    private final MeterRegistry registry;
    private volatile Map<String, ModelConfig> repository = Map.of();

    public VersionRouter(EmotionAiConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * A routing setting that names a version which is not served stops startup, like a broken model.
     * {@code servedVersions} gives a model name's served versions.
     */
    public void validate(Function<String, List<String>> servedVersions) {
        // the settings first: they override config.json, whose default then need not be served (nor loaded)
        config.routing().forEach((model, route) -> {
            List<String> served = servedVersions.apply(model);
            route.defaultVersion().filter(v -> !served.contains(v)).ifPresent(v -> {
                throw new ModelLoadException("emotion-ai.routing." + model + ".default-version=" + v
                        + " is not served; versions: " + served);
            });
            route.split().forEach((version, weight) -> {
                if (!served.contains(version) || weight < 0) {
                    throw new ModelLoadException("emotion-ai.routing." + model + ".split." + version + "=" + weight
                            + ": the version must be served (" + served + ") and the weight >= 0");
                }
            });
        });
        repository.forEach((model, modelConfig) -> Optional.ofNullable(modelConfig.defaultVersion())
                .filter(v -> Optional.ofNullable(config.routing().get(model))
                        .flatMap(EmotionAiConfig.Route::defaultVersion).isEmpty())
                .filter(v -> !servedVersions.apply(model).contains(v)).ifPresent(v -> {
                    throw new ModelLoadException(model + "/" + ModelConfig.FILE + ": default_version " + v
                            + " is not served; versions: " + servedVersions.apply(model));
                }));
    }

    /** Reads the models' config.json files (their default versions) under the model repository {@code root}. */
    public void readRepository(Path root) {
        repository = ModelConfig.scan(root);
    }

    /** The version to serve and why; an explicitly requested version always wins. */
    public Route choose(String model, String requested, String callerKey) {
        if (requested != null && !requested.isBlank()) {
            return new Route(Optional.of(requested), "requested");
        }
        EmotionAiConfig.Route route = config.routing().get(model);
        if (route != null) {
            Optional<String> split = split(new TreeMap<>(route.split()), callerKey);
            if (split.isPresent()) {
                return new Route(split, callerKey == null || callerKey.isBlank() ? "split" : "sticky");
            }
        }
        Optional<String> configured = defaultVersion(model);
        return configured.isPresent() ? new Route(configured, "default") : new Route(Optional.empty(), "latest");
    }

    /**
     * The versions a request naming none can reach: the configured default and the split's versions (empty: no
     * default configured, the highest answers).
     */
    public Set<String> routable(String model) {
        Set<String> versions = new TreeSet<>();
        defaultVersion(model).ifPresent(versions::add);
        Optional.ofNullable(config.routing().get(model)).ifPresent(r -> versions.addAll(r.split().keySet()));
        return versions;
    }

    /** The configured default version of {@code model} (split aside); empty = the highest. */
    public Optional<String> defaultVersion(String model) {
        return Optional.ofNullable(config.routing().get(model)).flatMap(EmotionAiConfig.Route::defaultVersion)
                .or(() -> Optional.ofNullable(repository.get(model)).map(ModelConfig::defaultVersion));
    }

    /** Picks a version with probability weight/total; the key, when given, fixes the draw. */
    static Optional<String> split(TreeMap<String, Integer> weights, String callerKey) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            return Optional.empty();
        }
        long draw = callerKey == null || callerKey.isBlank()
                ? ThreadLocalRandom.current().nextInt(total)
                : Integer.toUnsignedLong(callerKey.hashCode() * 0x9E3779B9) % total; // spread similar keys
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            draw -= entry.getValue();
            if (draw < 0) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Counts a request once its version is known to be served (so that made-up versions in requests cannot
     * grow the metric's series).
     */
    public void served(String model, String version, Route route) {
        Counter.builder("emotion_ai.routed").description("Requests per model version and routing reason")
                .tags("model", model, "version", version, "reason", route.reason()).register(registry).increment();
    }

    /**
     * The chosen version (empty = highest served) and the reason: requested, split, sticky, default, latest, or
     * fallback (the chosen one was not served on this CPU, an ancestor answered).
     */
    public record Route(Optional<String> version, String reason) {
        public static final Route FALLBACK = new Route(Optional.empty(), "fallback");

        /** The request named the version: it is served as named or refused, never replaced. */
        public boolean requested() {
            return "requested".equals(reason);
        }
    }
}

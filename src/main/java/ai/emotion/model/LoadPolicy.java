package ai.emotion.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which versions of a model an instance loads (config.json "load"): {@code "all"} (the default), {@code "routable"}
 * (what a request naming no version can reach: the default version and the A/B split's), {@code {"latest": N}} (the
 * N highest) or a list of versions. The versions these derive from are loaded with them (the self-check's fallback
 * needs them). A serverless instance serves one or two versions: loading the repository's whole history costs cold
 * start and memory.
 */
public sealed interface LoadPolicy {
    /** Every version. */
    record All() implements LoadPolicy {
        @Override
        public Set<String> select(List<String> versions, Set<String> routable) {
            return new TreeSet<>(versions);
        }
    }

    /** The versions routing can reach. */
    record Routable() implements LoadPolicy {
        @Override
        public Set<String> select(List<String> versions, Set<String> routable) {
            Set<String> chosen = new TreeSet<>(routable);
            chosen.retainAll(versions);
            return chosen;
        }
    }

    /** The {@code count} highest versions (numerically). */
    record Latest(int count) implements LoadPolicy {
        @Override
        public Set<String> select(List<String> versions, Set<String> routable) {
            List<String> sorted = new ArrayList<>(versions);
            sorted.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            return new TreeSet<>(sorted.subList(Math.max(0, sorted.size() - count), sorted.size()));
        }
    }

    /** The versions named. */
    record Listed(Set<String> names) implements LoadPolicy {
        @Override
        public Set<String> select(List<String> versions, Set<String> routable) {
            Set<String> chosen = new TreeSet<>(names);
            chosen.retainAll(versions);
            return chosen;
        }
    }

    LoadPolicy ALL = new All();

    /**
     * The versions to load among {@code versions} (those on disk) when routing can reach {@code routable}; their
     * ancestors are the caller's to add.
     */
    Set<String> select(List<String> versions, Set<String> routable);

    /** The policy a config.json's "load" states (null: all); anything else stops startup naming the file. */
    static LoadPolicy parse(JsonNode load, Path file) {
        if (load == null || load.isNull()) {
            return ALL;
        }
        if (load.isTextual() && load.asText().equals("all")) {
            return ALL;
        }
        if (load.isTextual() && load.asText().equals("routable")) {
            return new Routable();
        }
        if (load.isObject() && load.size() == 1 && load.path("latest").canConvertToInt()
                && load.path("latest").isIntegralNumber() && load.path("latest").asInt() >= 1) {
            return new Latest(load.path("latest").asInt());
        }
        if (load.isArray() && !load.isEmpty()) {
            Set<String> names = new TreeSet<>();
            for (JsonNode v : load) {
                if (!v.isTextual() || !ModelId.isVersion(v.asText())) {
                    throw invalid(file, load);
                }
                names.add(v.asText());
            }
            return new Listed(names);
        }
        throw invalid(file, load);
    }

    private static ModelLoadException invalid(Path file, JsonNode load) {
        return new ModelLoadException(file.toAbsolutePath() + ": load must be \"all\", \"routable\", "
                + "{\"latest\": N >= 1} or a list of version numbers, not " + load);
    }
}

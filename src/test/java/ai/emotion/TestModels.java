package ai.emotion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import ai.emotion.model.ModelConfig;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelId;
import ai.emotion.model.ModelMetadata;

/**
 * Versions of the committed model repository (models-onnx) as tests need them, read from it rather than written
 * as literals, so that a new version or a new default edits no test.
 */
public final class TestModels {
    public static final Path REPOSITORY = Path.of("models-onnx");

    private TestModels() {
    }

    /** Every committed version of {@code name}, lowest first. */
    public static List<String> versions(String name) {
        return metadata(name, m -> true).stream().map(ModelMetadata::version).toList();
    }

    /**
     * The version requests naming none get (no routing setting in the default profile): the model's config.json
     * default_version, else the highest.
     */
    public static String defaultVersion(String name) {
        return Optional.ofNullable(ModelConfig.scan(REPOSITORY).get(name)).map(ModelConfig::defaultVersion)
                .orElseGet(() -> highest(name, m -> true).version());
    }

    /**
     * The version the default derives from (an int8 default's fp32 parent), else the default: a version other than
     * the default that every load policy of the repository loads with it.
     */
    public static ModelMetadata defaultsParent(String name) {
        ModelMetadata d = metadata(new ModelId(name, defaultVersion(name)));
        return d.parent().map(TestModels::metadata).orElse(d);
    }

    /** The highest version of {@code name} at full precision. */
    public static String highestFp32(String name) {
        return highest(name, m -> m.precision().equals("fp32")).version();
    }

    /** The highest version of {@code name} in int8 (what int8 means, whichever version that is). */
    public static String highestInt8(String name) {
        return highest(name, m -> m.precision().equals("int8")).version();
    }

    /** The highest version of {@code name} that matches {@code which}. */
    public static ModelMetadata highest(String name, Predicate<ModelMetadata> which) {
        List<ModelMetadata> found = metadata(name, which);
        if (found.isEmpty()) {
            throw new NoSuchElementException("no committed " + name + " version matches in " + REPOSITORY);
        }
        return found.get(found.size() - 1);
    }

    /** The model.json of a committed version. */
    public static ModelMetadata metadata(ModelId id) {
        return ModelFolder.read(REPOSITORY.resolve(id.name()).resolve(id.version())).metadata();
    }

    private static List<ModelMetadata> metadata(String name, Predicate<ModelMetadata> which) {
        return ModelFolder.scan(REPOSITORY).stream().map(ModelFolder::metadata)
                .filter(m -> m.name().equals(name) && which.test(m)).sorted(Comparator.comparing(ModelMetadata::id))
                .toList();
    }
    /** Copies a folder tree (a version folder into a test repository). */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Deletes a folder tree if it exists. */
    public static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

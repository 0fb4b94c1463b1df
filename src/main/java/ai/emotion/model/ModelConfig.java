package ai.emotion.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A model's serving policy beside its versions, as Triton keeps config.pbtxt: models-onnx/&lt;name&gt;/config.json
 * (schema: models-onnx/config.schema.json). {@code default_version} answers the requests that name no version, so
 * that a new version can be published without becoming the default; without it the highest version does.
 * emotion-ai.routing.&lt;name&gt;.default-version overrides it. {@code load} says which versions an instance loads
 * ({@link LoadPolicy}); emotion-ai.models.load=all overrides it.
 */
public record ModelConfig(@JsonProperty("default_version") String defaultVersion,
        @JsonProperty("load") JsonNode load) {
    public static final String FILE = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** name -> config of every model folder under {@code root} that has a config.json. */
    public static Map<String, ModelConfig> scan(Path root) {
        Map<String, ModelConfig> found = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> names = Files.list(root)) {
            for (Path nameDir : names.filter(Files::isDirectory).sorted().toList()) {
                read(nameDir.resolve(FILE)).ifPresent(c -> found.put(nameDir.getFileName().toString(), c));
            }
        } catch (IOException e) {
            throw new ModelLoadException(root.toAbsolutePath() + ": cannot list models: " + e.getMessage(), e);
        }
        return found;
    }

    /** The versions this model's instance loads (validated when the file was read). */
    public LoadPolicy loadPolicy() {
        return LoadPolicy.parse(load, Path.of(FILE));
    }

    /** The config in {@code file}, empty when there is none; a file that does not parse stops startup naming it. */
    static Optional<ModelConfig> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ModelConfig config = JSON.readValue(file.toFile(), ModelConfig.class);
            if (config.defaultVersion() != null && !ModelId.isVersion(config.defaultVersion())) {
                throw new ModelLoadException(file.toAbsolutePath() + ": default_version must be a version number, not '"
                        + config.defaultVersion() + "'");
            }
            LoadPolicy.parse(config.load(), file); // an invalid policy stops startup here, naming the file
            return Optional.of(config);
        } catch (IOException e) {
            throw new ModelLoadException(file.toAbsolutePath() + ": not a valid model config: " + e.getMessage(), e);
        }
    }
}

package ai.emotion.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** infra/lambda/template.yaml as a tree (it uses long-form intrinsics only, so plain YAML reads it). */
public record SamTemplate(JsonNode root) {
    public static final Path FILE = Path.of("infra/lambda/template.yaml");

    public static SamTemplate read() {
        try {
            return new SamTemplate(new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode globals() {
        return root.path("Globals").path("Function");
    }

    public String handler() {
        return globals().path("Handler").asText();
    }

    /** A path of the template resolved as SAM resolves it: against the template's folder, then normalised. */
    public Path resolve(String relative) {
        return Path.of("").toAbsolutePath().relativize(FILE.toAbsolutePath().getParent().resolve(relative).normalize());
    }

    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }
}

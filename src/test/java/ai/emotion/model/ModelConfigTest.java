package ai.emotion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
    @TempDir
    Path root;

    @Test
    void aModelsConfigNamesItsDefaultVersion() throws IOException {
        Files.createDirectories(root.resolve("emotion/3"));
        Files.createDirectories(root.resolve("keypoints/1"));
        Files.writeString(root.resolve("emotion/config.json"), "{\"default_version\": \"3\"}");
        var configs = ModelConfig.scan(root);
        assertEquals("3", configs.get("emotion").defaultVersion());
        assertTrue(!configs.containsKey("keypoints"), "a model without config.json has none");
    }

    @Test
    void aBrokenConfigStopsStartupNamingTheFile() throws IOException {
        Files.createDirectories(root.resolve("emotion"));
        Files.writeString(root.resolve("emotion/config.json"), "{\"default_version\": \"latest\"}");
        var e = assertThrows(ModelLoadException.class, () -> ModelConfig.scan(root));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("latest"), e.getMessage());
        Files.writeString(root.resolve("emotion/config.json"), "{\"defualt_version\": \"3\"}");
        e = assertThrows(ModelLoadException.class, () -> ModelConfig.scan(root));
        assertTrue(e.getMessage().contains("defualt_version"), e.getMessage());
    }
}

package ai.emotion.serving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.emotion.TestConfig;
import ai.emotion.TestModels;
import ai.emotion.model.ModelLoadException;
import ai.emotion.routing.VersionRouter;
import ai.emotion.vision.OpenCvLibrary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The startup sequence stops on anything it cannot serve, naming the file or setting: a detector file that is
 * missing or not a model, an unknown task, a routing setting for a version that is not served. Before, a bad
 * detector path surfaced as 500s on the first photo after readiness was UP.
 */
class StartupFailureTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void openCv() {
        nu.pattern.OpenCV.loadLocally();
    }

    static Startup startup(Map<String, String> settings) {
        var config = TestConfig.with(settings);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new Startup(config, new OpenCvLibrary(config), new ModelRegistry(config, meters),
                new VersionRouter(config, meters));
    }

    static void assertStopsNaming(String expected, Map<String, String> settings) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> startup(settings).run());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aMissingDetectorFileStopsStartup() {
        assertStopsNaming("/nonexistent/yunet.onnx", Map.of("emotion-ai.face-detector.model", "/nonexistent/yunet.onnx"));
    }

    @Test
    void aDetectorFileThatIsNoModelStopsStartup() throws IOException {
        Path garbage = Files.write(tmp.resolve("not-a-model.onnx"), "not an onnx graph".getBytes());
        assertStopsNaming(garbage.toString(), Map.of("emotion-ai.face-detector.model", garbage.toString()));
    }

    @Test
    void anUnknownTaskStopsStartupNamingItsModelJson() throws IOException {
        Path root = tmp.resolve("models");
        Path folder = Files.createDirectories(root.resolve("age/1"));
        Files.copy(Path.of("models-onnx/keypoints/1/model.onnx"), folder.resolve("model.onnx"));
        String json = Files.readString(Path.of("models-onnx/keypoints/1/model.json"))
                .replace("\"name\": \"keypoints\"", "\"name\": \"age\"")
                .replace("\"facial-keypoints\"", "\"age-estimation\"");
        Files.writeString(folder.resolve("model.json"), json);
        assertStopsNaming(folder.resolve("model.json").toAbsolutePath() + ": unknown task 'age-estimation'",
                Map.of("emotion-ai.models.dir", root.toString()));
    }

    @Test
    void aRoutingSettingForAVersionNotServedStopsStartup() {
        assertStopsNaming("emotion-ai.routing.emotion.default-version=99",
                Map.of("emotion-ai.routing.emotion.default-version", "99"));
    }

    @Test
    void aConfigDefaultThatIsNotServedStopsStartup() throws IOException {
        Path root = tmp.resolve("config-models");
        TestModels.copy(Path.of("models-onnx/keypoints/1"), root.resolve("keypoints/1"));
        Files.writeString(root.resolve("keypoints/config.json"), "{\"default_version\": \"99\"}");
        assertStopsNaming("keypoints/config.json: default_version 99 is not served",
                Map.of("emotion-ai.models.dir", root.toString()));
    }
}

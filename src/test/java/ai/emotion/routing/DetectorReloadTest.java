package ai.emotion.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The face detector is served like a model version: from the repository (not a file setting), timed per version as
 * sessions are, and replaced on reload when a new face-detection version folder appears.
 */
@QuarkusTest
@TestProfile(DetectorReloadTest.RepositoryDetector.class)
class DetectorReloadTest {
    static final String TOKEN = "detector-reload-token";
    static final Path MODELS = models();

    public static class RepositoryDetector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.models.dir", MODELS.toString(), "emotion-ai.face-detector.model", " ",
                    "emotion-ai.admin.token", TOKEN);
        }
    }

    /** A fixed folder (the profile and the test see this class from two class loaders). */
    static Path models() {
        try {
            Path root = Path.of("target", "detector-reload-models").toAbsolutePath();
            TestModels.delete(root.resolve("face-detector/2")); // the folder the test adds, left by an interrupted run
            for (String version : new String[] { "emotion/" + TestModels.defaultVersion("emotion"),
                "keypoints/" + TestModels.defaultVersion("keypoints"), "face-detector/1" }) {
                if (!Files.exists(root.resolve(version))) {
                    TestModels.copy(Path.of("models-onnx", version), root.resolve(version));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void analyze() {
        given().contentType("image/jpeg").body(TestData.read(TestData.landmarkPhotos(1).get(0).file()))
                .post("/api/v1/analyze").then().statusCode(200).body("detector", equalTo("yunet"));
    }

    static boolean timed(String version) {
        return given().get("/q/metrics").then().extract().asString().contains(
                "emotion_ai_inference_seconds_count{model=\"face-detector\",version=\"" + version + "\"}");
    }

    @Test
    void aNewDetectorVersionIsWarmedAndServedOnReload() throws IOException {
        analyze();
        assertTrue(timed("1"), "the detector's runs are timed like sessions'");
        Path v2 = MODELS.resolve("face-detector/2");
        TestModels.copy(MODELS.resolve("face-detector/1"), v2);
        Path json = v2.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"version\": \"1\"", "\"version\": \"2\""));
        try {
            given().header("Authorization", "Bearer " + TOKEN).post("/admin/models/reload").then().statusCode(200)
                    .body("added", equalTo(List.of("face-detector/2")))
                    .body("removed", equalTo(List.of("face-detector/1")))
                    .body("serving", hasItem("face-detector/2"));
            analyze();
            assertTrue(timed("2"), "the new version answers");
            given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.'face-detector/2'",
                    equalTo("warm"));
        } finally {
            TestModels.delete(v2);
        }
    }
}

package ai.emotion.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Several versions served at once: a 50/50 split between emotion/1 and emotion/2 that sticks to a caller
 * key, and a version folder added and removed at run time through the token-protected reload endpoint;
 * with dynamic batching on, so that these requests also go through the batch queues.
 */
@QuarkusTest
@TestProfile(VersionsAndReloadTest.SplitAndAdmin.class)
class VersionsAndReloadTest {
    static final String TOKEN = "test-admin-token";
    static final Path MODELS = copyOfCommittedModels();

    public static class SplitAndAdmin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.models.dir", MODELS.toString(),
                    "emotion-ai.routing.emotion.split.\"1\"", "50",
                    "emotion-ai.routing.emotion.split.\"2\"", "50",
                    "emotion-ai.admin.token", TOKEN,
                    "emotion-ai.batching.enabled", "true"); // the batch queues behind HTTP, as on CUDA
        }
    }

    /**
     * A fixed folder, created once: the profile and the test body see this class from two class loaders, and
     * both must mean the same folder.
     */
    static Path copyOfCommittedModels() {
        try {
            Path root = Path.of("target", "reload-test-models").toAbsolutePath();
            TestModels.delete(root.resolve("emotion/3")); // the folder the reload test adds, left by an interrupted run
            for (String version : new String[] { "emotion/1", "emotion/2", "keypoints/1" }) {
                if (!Files.exists(root.resolve(version))) {
                    TestModels.copy(Path.of("models-onnx", version), root.resolve(version));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String versionFor(String callerKey) {
        return given().contentType(ContentType.JSON).header("X-Caller-Key", callerKey)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0))))
                .when().post("/api/v1/predict/emotion").then().statusCode(200).extract().path("model_version");
    }

    @Test
    void theSplitServesBothVersionsAndSticksToACaller() {
        Set<String> seen = new HashSet<>();
        for (int caller = 0; caller < 12; caller++) {
            String first = versionFor("caller-" + caller);
            seen.add(first);
            assertEquals(first, versionFor("caller-" + caller), "the same caller stays on its version");
        }
        assertEquals(Set.of("1", "2"), seen);
        given().contentType(ContentType.JSON)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0)),
                        "model_version", "1"))
                .when().post("/api/v1/predict/emotion").then().statusCode(200).body("model_version", equalTo("1"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("emotion_ai_routed_total{model=\"emotion\",reason=\"sticky\",version=\"1\"}")
                && metrics.contains("emotion_ai_routed_total{model=\"emotion\",reason=\"sticky\",version=\"2\"}"),
                "routing is counted per version");
    }

    @Test
    void aVersionFolderAddedOrRemovedIsServedOrRetiredOnReload() throws IOException {
        TestData.assumePresent(TestData.FER_CSV); // before any folder is added
        given().when().post("/admin/models/reload").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        Path v3 = MODELS.resolve("emotion/3");
        TestModels.delete(v3); // left over from an interrupted run
        TestModels.copy(MODELS.resolve("emotion/2"), v3);
        Path json = v3.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"version\": \"2\"", "\"version\": \"3\""));
        given().header("Authorization", "Bearer " + TOKEN).when().post("/admin/models/reload")
                .then().statusCode(200).body("added", equalTo(java.util.List.of("emotion/3")))
                .body("serving", hasItem("emotion/3"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0)),
                        "model_version", "3"))
                .when().post("/api/v1/predict/emotion").then().statusCode(200).body("model_version", equalTo("3"));

        TestModels.delete(v3);
        given().header("Authorization", "Bearer " + TOKEN).when().post("/admin/models/reload")
                .then().statusCode(200).body("removed", equalTo(java.util.List.of("emotion/3")))
                .body("serving", not(hasItem("emotion/3")));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0)),
                        "model_version", "3"))
                .when().post("/api/v1/predict/emotion").then().statusCode(422)
                .body("error", containsString("model_version '3'"));
    }
}

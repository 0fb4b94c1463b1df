package ai.emotion.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A model kind the service does not know, registered by the tests alone ({@link MoodKind}: one class and its
 * ServiceLoader line), with a model of that task in the repository: /analyze answers it on every face, under the
 * model's name, without a change to the pipeline. Its model is emotion/2's network under another name, so its
 * answer must be emotion/2's.
 */
@QuarkusTest
@TestProfile(OtherFaceModelKindTest.WithMood.class)
class OtherFaceModelKindTest {
    static final String EMOTION = "emotion/2";

    public static class WithMood implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path root = TestData.modelsWith("mood-models", EMOTION, "keypoints/" + TestModels.defaultVersion(
                    "keypoints"), "face-detector/1");
            try {
                Path mood = root.resolve("mood/2"); // model.json says its version
                if (!Files.exists(mood)) {
                    TestModels.copy(Path.of("models-onnx", EMOTION), mood);
                    Path json = mood.resolve("model.json");
                    Files.writeString(json, Files.readString(json).replace("\"name\": \"emotion\"", "\"name\": \"mood\"")
                            .replace("\"emotion-classification\"", "\"" + MoodKind.TASK + "\""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("emotion-ai.models.dir", root.toString());
        }
    }

    @Test
    void analyzeAnswersTheOtherKindOnEveryFace() throws IOException {
        byte[] photo = TestData.read(TestData.landmarkPhotos(1).get(0).file());
        JsonNode answer = new ObjectMapper().readTree(given().contentType("image/jpeg").body(photo)
                .post("/api/v1/analyze").then().statusCode(200).extract().asString());
        assertEquals("2", answer.at("/model_versions/emotion").asText());
        JsonNode faces = answer.get("faces");
        assertTrue(faces.size() >= 1);
        for (JsonNode face : faces) {
            JsonNode mood = face.at("/models/mood");
            assertEquals(face.at("/emotion/emotion").asText(), mood.get("top").asText(), face.toString());
            assertEquals(face.at("/emotion/confidence").asDouble(), mood.get("score").asDouble(), 1e-5);
        }
    }
}

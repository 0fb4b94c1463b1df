package ai.emotion.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelMetadata;
import ai.emotion.model.TestVectors;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A version that does not reproduce its test vectors on this CPU (issue 28: int8 kernels that saturate without
 * VNNI) is not served, and routing falls back to the version it derives from. Simulated on any CPU: a temporary
 * repository holds an int8 child, its fp32 parent and a keypoints version without test vectors (served unchecked),
 * and the child's expected.json is moved 0.5 away from what any CPU computes.
 */
@QuarkusTest
@TestProfile(SelfCheckTest.CorruptedChild.class)
class SelfCheckTest {
    static final String TOKEN = "self-check-admin-token";
    /** The highest committed emotion version derived from an fp32 one (the int8 default), and that parent. */
    static final ModelMetadata CHILD = TestModels.highest("emotion", m -> m.parent()
            .map(p -> TestModels.metadata(p).precision().equals("fp32")).orElse(false));
    static final String PARENT = CHILD.parent().orElseThrow().version();
    static final String KEYPOINTS = TestModels.highestFp32("keypoints");
    static final Path MODELS = repository();

    public static class CorruptedChild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.models.dir", MODELS.toString(), "emotion-ai.admin.token", TOKEN);
        }
    }

    /**
     * Created once per child version: the profile and the test body see this class from two class loaders, and
     * both must mean the same folder. A version folder appears whole (copied beside it, then moved in).
     */
    static Path repository() {
        Path root = Path.of("target", "self-check-models-" + CHILD.version()).toAbsolutePath();
        try {
            TestModels.delete(root.resolve(added())); // the folder the reload test adds, left by an interrupted run
            copyOnce("emotion/" + PARENT, root, dir -> { });
            copyOnce("emotion/" + CHILD.version(), root, dir -> corrupt(dir.resolve("test_vectors/expected.json")));
            copyOnce("keypoints/" + KEYPOINTS, root, dir -> TestModels.delete(dir.resolve("test_vectors")));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Edit {
        void apply(Path versionDir) throws IOException;
    }

    static void copyOnce(String version, Path root, Edit edit) throws IOException {
        Path target = root.resolve(version);
        if (Files.exists(target)) {
            return;
        }
        Path partial = root.resolveSibling(root.getFileName() + ".partial").resolve(version);
        TestModels.delete(partial);
        TestModels.copy(TestModels.REPOSITORY.resolve(version), partial);
        edit.apply(partial);
        Files.createDirectories(target.getParent());
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds 0.5 to every expected number: beyond any tolerance, on every CPU. */
    static void corrupt(Path expected) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode doc = json.readTree(expected.toFile());
        doc.get("cases").forEach(c -> c.get("outputs").fields().forEachRemaining(o -> shift(o.getValue())));
        json.writeValue(expected.toFile(), doc);
    }

    static void shift(JsonNode node) {
        ArrayNode array = (ArrayNode) node;
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isNumber()) {
                array.set(i, array.numberNode(array.get(i).asDouble() + 0.5));
            } else {
                shift(array.get(i));
            }
        }
    }

    /** The version the reload test adds: a copy of the corrupted child under a higher number. */
    static String added() {
        return "emotion/" + (Long.parseLong(CHILD.version()) + 100);
    }

    static String parentFace() throws IOException {
        return TestData.base64(Files.readAllBytes(MODELS.resolve("emotion/" + PARENT + "/test_vectors/input_0.png")));
    }

    static String readiness(String version) {
        return given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .extract().path("checks.find { it.name == 'models' }.data.'" + version + "'");
    }

    @Test
    void readinessIsUpAndSaysWhyTheChildIsNotServed() throws IOException {
        assertEquals("warm", readiness("emotion/" + PARENT));
        assertEquals("unchecked", readiness("keypoints/" + KEYPOINTS));
        given().contentType(ContentType.JSON).body(Map.of("image", parentFace()))
                .when().post("/api/v1/predict/keypoints").then().statusCode(200)
                .body("model_version", equalTo(KEYPOINTS));
        String child = readiness("emotion/" + CHILD.version());
        assertTrue(child.startsWith("unavailable: self-check failed on this CPU: input_0.png: output 'probabilities' "
                + "differs by up to 0.5"), child);
    }

    @Test
    void servingProtocolsReportTheChildUnavailable() {
        String entry = "model_version_status.find { it.version == '" + CHILD.version() + "' }";
        given().when().get("/v1/models/emotion").then().statusCode(200)
                .body(entry + ".state", equalTo("END"))
                .body(entry + ".status.error_code", equalTo("FAILED_PRECONDITION"))
                .body(entry + ".status.error_message", containsString("differs by up to 0.5"))
                .body("model_version_status.find { it.version == '" + PARENT + "' }.state", equalTo("AVAILABLE"));
        given().when().get("/v1/models/emotion/metadata").then().statusCode(200)
                .body("model_spec.version", equalTo(PARENT));

        String child = "/v2/models/emotion/versions/" + CHILD.version();
        given().when().get(child + "/ready").then().statusCode(400).body("ready", equalTo(false))
                .body("unavailable", containsString("differs by up to 0.5"));
        given().when().get(child).then().statusCode(200).body("unavailable", containsString("differs by up to 0.5"));
        given().when().get("/v2/models/emotion").then().statusCode(200).body("versions", equalTo(List.of(PARENT)))
                .body("unavailable", nullValue());
        given().when().get("/v2/models/emotion/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void aRequestNamingNoVersionIsAnsweredCorrectlyByTheParent() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("image", parentFace()))
                .when().post("/api/v1/predict/emotion").then().statusCode(200).body("model_version", equalTo(PARENT));
        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "image",
                "shape", List.of(1), "datatype", "BYTES", "data", List.of(parentFace())))))
                .when().post("/v2/models/emotion/infer").then().statusCode(200).extract().jsonPath();
        assertEquals(PARENT, answer.getString("model_version"));
        List<Float> data = answer.getList("outputs[0].data", Float.class);
        float[] probabilities = new float[data.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = data.get(i);
        }
        TestVectors vectors = TestVectors.read(ModelFolder.read(MODELS.resolve("emotion/" + PARENT)).testVectorsFile());
        assertEquals(Optional.empty(), vectors.mismatch(vectors.cases().get(0), Map.of("probabilities", probabilities)));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("emotion_ai_routed_total{model=\"emotion\",reason=\"fallback\",version=\""
                + PARENT + "\"}"), "a fallback is counted as such");
    }

    @Test
    void aRequestNamingTheChildGetsTheUnknownVersionAnswerWithTheReason() throws IOException {
        given().contentType(ContentType.JSON).body(Map.of("image", parentFace(), "model_version", CHILD.version()))
                .when().post("/api/v1/predict/emotion").then().statusCode(422)
                .body("code", equalTo("UNKNOWN_MODEL_VERSION"))
                .body("error", startsWith("emotion/" + CHILD.version() + " is not served: self-check failed on this CPU"))
                .body("error", containsString("differs by up to 0.5"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "image",
                "shape", List.of(1), "datatype", "BYTES", "data", List.of(parentFace())))))
                .when().post("/v2/models/emotion/versions/" + CHILD.version() + "/infer").then().statusCode(404)
                .body("error", containsString("not served: self-check failed on this CPU"));
    }

    @Test
    void aVersionAddedByReloadIsSelfCheckedToo() throws IOException {
        Path added = MODELS.resolve(added());
        TestModels.delete(added);
        TestModels.copy(MODELS.resolve("emotion/" + CHILD.version()), added);
        Path json = added.resolve("model.json");
        ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(json.toFile());
        new ObjectMapper().writeValue(json.toFile(), meta.put("version", added.getFileName().toString()));
        try {
            given().header("Authorization", "Bearer " + TOKEN).when().post("/admin/models/reload")
                    .then().statusCode(200).body("added", equalTo(List.of(added())));
            assertTrue(readiness(added()).startsWith("unavailable: self-check failed"), readiness(added()));
            given().contentType(ContentType.JSON).body(Map.of("image", parentFace()))
                    .when().post("/api/v1/predict/emotion").then().statusCode(200)
                    .body("model_version", equalTo(PARENT));
        } finally {
            TestModels.delete(added);
            given().header("Authorization", "Bearer " + TOKEN).when().post("/admin/models/reload")
                    .then().statusCode(200).body("serving", not(hasItem(added())));
        }
    }
}

package ai.emotion.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Funqy functions over plain JSON and as CloudEvents in binary and structured mode. */
@QuarkusTest
class FaceFunctionsTest {
    /** Read when a test needs it, so that a test without the shared data is skipped, not failed. */
    static String face() {
        return TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0));
    }

    @Test
    void plainJsonPosts() {
        given().contentType(ContentType.JSON).body(Map.of("image", face())).when().post("/emotion")
                .then().statusCode(200).body("model_version", equalTo(TestModels.defaultVersion("emotion"))).body("emotion", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("image", face())).when().post("/keypoints")
                .then().statusCode(200).body("keypoints", hasSize(15));
    }

    @Test
    void binaryCloudEvent() {
        given().contentType(ContentType.JSON)
                .header("ce-id", "42").header("ce-specversion", "1.0")
                .header("ce-type", "ai.emotion.emotion.request").header("ce-source", "test")
                .body(Map.of("image", face(), "model_version", "1"))
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "ai.emotion.emotion.result")
                .header("ce-source", "emotion-ai")
                .body("model_version", equalTo("1"))
                .body("probabilities.size()", equalTo(5));
    }

    @Test
    void structuredCloudEvent() {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "7", "source", "test",
                "type", "ai.emotion.keypoints.request", "datacontenttype", "application/json",
                "data", Map.of("image", face()));
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("ai.emotion.keypoints.result"))
                .body("data.num_keypoints", equalTo(15));
    }

    @Test
    void badEventDataGetsAnErrorAnswer() {
        given().contentType(ContentType.JSON)
                .header("ce-id", "43").header("ce-specversion", "1.0")
                .header("ce-type", "ai.emotion.emotion.request").header("ce-source", "test")
                .body(Map.of("image", "%%%"))
                .when().post("/")
                .then().statusCode(400).body("code", equalTo("BAD_BASE64"));
        given().contentType(ContentType.JSON).body("{\"image\": 12, ").when().post("/emotion")
                .then().statusCode(400).body("code", equalTo("BAD_JSON"));
        given().contentType(ContentType.JSON)
                .header("ce-id", "44").header("ce-specversion", "1.0")
                .header("ce-type", "ai.emotion.unknown").header("ce-source", "test")
                .body(Map.of("image", face()))
                .when().post("/")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }
}

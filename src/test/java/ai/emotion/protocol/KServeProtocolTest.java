package ai.emotion.protocol;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * KServe Open Inference Protocol v2 with the request bodies of the specification's examples (id, inputs with
 * name/shape/datatype/data, requested outputs) adapted to these models; outputs checked against the PyTorch
 * test vectors.
 */
@QuarkusTest
class KServeProtocolTest {
    static final String EMOTION_DEFAULT = TestModels.defaultVersion("emotion");
    static final TestVectors EMOTION = TestVectors.of("emotion", EMOTION_DEFAULT);

    static List<Float> flat(TestVectors.Case... cases) {
        List<Float> data = new ArrayList<>();
        for (TestVectors.Case c : cases) {
            for (float v : c.tensor()) {
                data.add(v);
            }
        }
        return data;
    }

    @Test
    void healthAndServerMetadata() {
        given().when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().when().get("/v2").then().statusCode(200).body("name", equalTo("emotion-ai"));
    }

    @Test
    void modelMetadataAndReadiness() {
        given().when().get("/v2/models/emotion").then().statusCode(200)
                .body("name", equalTo("emotion")).body("versions", equalTo(TestModels.versions("emotion")))
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs[0].name", equalTo("input")).body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 1, 48, 48)))
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].shape", equalTo(List.of(-1, 7)));
        given().when().get("/v2/models/emotion/versions/1").then().statusCode(200)
                .body("outputs[0].shape", equalTo(List.of(-1, 5)));
        given().when().get("/v2/models/keypoints/versions/1/ready").then().statusCode(200)
                .body("name", equalTo("keypoints")).body("ready", equalTo(true));
        given().when().get("/v2/models/emotion/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void fp32InferenceGivesThePyTorchOutputs() {
        TestVectors.Case a = EMOTION.cases().get(0);
        TestVectors.Case b = EMOTION.cases().get(3);
        Map<String, Object> request = Map.of("id", "42",
                "inputs", List.of(Map.of("name", "input", "shape", List.of(2, 1, 48, 48), "datatype", "FP32",
                        "data", flat(a, b))),
                "outputs", List.of(Map.of("name", "probabilities")));
        JsonPath answer = given().contentType(ContentType.JSON).body(request)
                .when().post("/v2/models/emotion/versions/" + EMOTION_DEFAULT + "/infer")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("emotion", answer.getString("model_name"));
        assertEquals(EMOTION_DEFAULT, answer.getString("model_version"));
        assertEquals("42", answer.getString("id"));
        assertEquals(List.of(2, 7), answer.getList("outputs[0].shape"));
        assertEquals("FP32", answer.getString("outputs[0].datatype"));
        List<Double> want = new ArrayList<>(a.outputs().get("probabilities"));
        want.addAll(b.outputs().get("probabilities"));
        TfServingProtocolTest.assertClose(want, answer.get("outputs[0].data"), EMOTION.tolerance());
    }

    @Test
    void bytesInputsAreEncodedImages() {
        TestVectors keypoints = TestVectors.of("keypoints", TestModels.defaultVersion("keypoints"));
        TestVectors.Case c = keypoints.cases().get(1);
        Map<String, Object> request = Map.of("inputs", List.of(Map.of("name", "image", "shape", List.of(1),
                "datatype", "BYTES", "data", List.of(TestData.base64(c.png())))),
                "outputs", List.of(Map.of("name", "keypoints")));
        JsonPath answer = given().contentType(ContentType.JSON).body(request)
                .when().post("/v2/models/keypoints/infer")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, answer.getList("outputs").size());
        assertEquals(List.of(1, 15, 2), answer.getList("outputs[0].shape"));
        TfServingProtocolTest.assertClose(c.outputs().get("keypoints"), answer.get("outputs[0].data"),
                keypoints.tolerance());
    }

    @Test
    void errorsFollowTheProtocol() {
        given().when().get("/v2/models/nope").then().statusCode(404).body("error", containsString("nope"));
        given().when().get("/v2/models/emotion/versions/99/ready").then().statusCode(404)
                .body("error", containsString("version 99"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(1, 1, 96, 96), "datatype", "FP32", "data", List.of(0.5)))))
                .when().post("/v2/models/emotion/infer")
                .then().statusCode(400).body("error", containsString("shape"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(1, 1, 48, 48), "datatype", "INT8", "data", List.of(1)))))
                .when().post("/v2/models/emotion/infer")
                .then().statusCode(400).body("error", containsString("INT8"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(1, 1, 48, 48), "datatype", "FP32", "data", flat(EMOTION.cases().get(0)))),
                "outputs", List.of(Map.of("name", "logits"))))
                .when().post("/v2/models/emotion/infer")
                .then().statusCode(400).body("error", containsString("logits"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(1, 1, 48, 48), "datatype", "FP32", "data", List.of(0.5, 0.5)))))
                .when().post("/v2/models/emotion/infer")
                .then().statusCode(400).body("error", containsString("2304"));
    }
}

package ai.emotion.protocol;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * TensorFlow Serving REST API, with the request bodies of its documentation (signature_name + instances, the
 * columnar inputs form, {"b64": ...} binary values) adapted to these models; answers checked against the
 * PyTorch outputs committed as test vectors.
 */
@QuarkusTest
class TfServingProtocolTest {
    static final String EMOTION_DEFAULT = TestModels.defaultVersion("emotion");
    static final String KEYPOINTS_DEFAULT = TestModels.defaultVersion("keypoints");
    static final TestVectors EMOTION = TestVectors.of("emotion", EMOTION_DEFAULT);

    static JsonPath predict(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    static void assertClose(List<Double> want, Object got, double tolerance) {
        List<Double> values = TestVectors.flatten(got);
        assertEquals(want.size(), values.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), values.get(i), tolerance, "value " + i);
        }
    }

    @Test
    void modelStatusListsEveryServedVersion() {
        given().when().get("/v1/models/emotion").then().statusCode(200)
                .body("model_version_status.version", equalTo(TestModels.versions("emotion")))
                .body("model_version_status[0].state", equalTo("AVAILABLE"))
                .body("model_version_status[0].status.error_code", equalTo("OK"));
        given().when().get("/v1/models/emotion/versions/1").then().statusCode(200)
                .body("model_version_status", hasSize(1)).body("model_version_status[0].version", equalTo("1"));
    }

    @Test
    void metadataDescribesTheServingSignature() {
        given().when().get("/v1/models/keypoints/metadata").then().statusCode(200)
                .body("model_spec.name", equalTo("keypoints")).body("model_spec.version", equalTo(KEYPOINTS_DEFAULT))
                .body("metadata.signature_def.signature_def.serving_default.inputs.input.dtype", equalTo("DT_FLOAT"))
                .body("metadata.signature_def.signature_def.serving_default.inputs.input.tensor_shape.dim.size",
                        equalTo(List.of("-1", "1", "96", "96")))
                .body("metadata.signature_def.signature_def.serving_default.outputs.keySet()",
                        org.hamcrest.Matchers.contains("keypoints", "landmarks68"))
                .body("metadata.signature_def.signature_def.serving_default.method_name",
                        equalTo("tensorflow/serving/predict"));
    }

    @Test
    void rowFormatTensorInstancesGiveThePyTorchOutputs() {
        TestVectors.Case a = EMOTION.cases().get(0);
        TestVectors.Case b = EMOTION.cases().get(1);
        JsonPath answer = predict("/v1/models/emotion/versions/" + EMOTION_DEFAULT + ":predict",
                Map.of("signature_name", "serving_default", "instances", List.of(a.nested(), b.nested())));
        assertEquals(2, answer.getList("predictions").size());
        assertClose(a.outputs().get("probabilities"), answer.get("predictions[0]"), EMOTION.tolerance());
        assertClose(b.outputs().get("probabilities"), answer.get("predictions[1]"), EMOTION.tolerance());
    }

    @Test
    void b64ImagesAndNamedColumnarInputsWork() {
        TestVectors.Case c = EMOTION.cases().get(2);
        JsonPath rows = predict("/v1/models/emotion/versions/" + EMOTION_DEFAULT + ":predict",
                Map.of("instances", List.of(Map.of("b64", TestData.base64(c.png())))));
        assertClose(c.outputs().get("probabilities"), rows.get("predictions[0]"), EMOTION.tolerance());
        JsonPath columns = predict("/v1/models/emotion/versions/" + EMOTION_DEFAULT + ":predict",
                Map.of("inputs", Map.of("input", List.of(c.nested()))));
        assertClose(c.outputs().get("probabilities"), columns.get("outputs[0]"), EMOTION.tolerance());
        JsonPath named = predict("/v1/models/emotion/versions/" + EMOTION_DEFAULT + ":predict",
                Map.of("instances", List.of(Map.of("image_bytes", Map.of("b64", TestData.base64(c.png()))))));
        assertClose(c.outputs().get("probabilities"), named.get("predictions[0]"), EMOTION.tolerance());
    }

    @Test
    void modelsWithSeveralOutputsAnswerNamedTensors() {
        TestVectors keypoints = TestVectors.of("keypoints", KEYPOINTS_DEFAULT);
        TestVectors.Case c = keypoints.cases().get(0);
        JsonPath answer = predict("/v1/models/keypoints:predict",
                Map.of("instances", List.of(Map.of("b64", TestData.base64(c.png())))));
        assertEquals(15, answer.getList("predictions[0].keypoints").size());
        assertEquals(2, answer.getList("predictions[0].keypoints[0]").size());
        assertClose(c.outputs().get("keypoints"), answer.get("predictions[0].keypoints"), keypoints.tolerance());
        JsonPath columns = predict("/v1/models/keypoints:predict", Map.of("inputs", List.of(c.nested())));
        assertEquals(68, columns.getList("outputs.landmarks68[0]").size());
    }

    @Test
    void unversionedPredictUsesTheDefaultVersionAndSaysWhich() {
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(EMOTION.cases().get(0).nested())))
                .when().post("/v1/models/emotion:predict")
                .then().statusCode(200).header("X-Model-Version", EMOTION_DEFAULT).body("predictions[0]", hasSize(7));
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(EMOTION.cases().get(0).nested())))
                .when().post("/v1/models/emotion/versions/1:predict")
                .then().statusCode(200).header("X-Model-Version", "1").body("predictions[0]", hasSize(5));
    }

    @Test
    void errorsAreJsonWithAnErrorField() {
        given().when().get("/v1/models/nope").then().statusCode(404).body("error", containsString("nope"));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(List.of(1, 2, 3))))
                .when().post("/v1/models/emotion:predict")
                .then().statusCode(400).body("error", containsString("2304"));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(), "inputs", List.of()))
                .when().post("/v1/models/emotion:predict")
                .then().statusCode(400).body("error", containsString("exactly one"));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Map.of("b64", "%%%"))))
                .when().post("/v1/models/emotion:predict")
                .then().statusCode(400).body("error", containsString("base64"));
        given().contentType(ContentType.JSON)
                .body(Map.of("signature_name", "classify", "instances", List.of(EMOTION.cases().get(0).nested())))
                .when().post("/v1/models/emotion:predict")
                .then().statusCode(400).body("error", containsString("signature"));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(EMOTION.cases().get(0).nested())))
                .when().post("/v1/models/emotion/versions/99:predict")
                .then().statusCode(404).body("error", containsString("version 99"));
    }
}

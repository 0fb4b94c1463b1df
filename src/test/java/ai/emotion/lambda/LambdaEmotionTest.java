package ai.emotion.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The emotion function as AWS Lambda invokes it: RestAssured posts the event to Quarkus's mock Lambda event
 * server (quarkus.lambda.mock-event-server.test-port), which hands it to the function through the Lambda
 * runtime API and answers with the function's result. Runs only in the lambda build: ./mvnw test -Dlambda.
 */
@QuarkusTest
@TestProfile(ExportFunction.Emotion.class)
class LambdaEmotionTest {
    // FER2013 class 3 is Happy; the first PublicTest one is a clear smile that both emotion models get right.
    /** Read when a test needs it, so that a test without the shared data is skipped, not failed. */
    static String happyFace() {
        return TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0));
    }

    @Test
    void happyFaceIsHappy() {
        given().contentType(ContentType.JSON).body(Map.of("image", happyFace()))
                .when().post()
                .then().statusCode(200)
                .body("emotion", equalTo("Happy"))
                .body("model_version", equalTo(TestModels.defaultVersion("emotion")))
                .body("probabilities.size()", equalTo(7))
                .body("probabilities.values().sum()", closeTo(1.0, 1e-3));
    }

    @Test
    void modelVersionFromTheEvent() {
        // a version loaded beside the default whatever config.json's load policy (the one it derives from)
        var named = TestModels.defaultsParent("emotion");
        given().contentType(ContentType.JSON).body(Map.of("image", happyFace(), "model_version", named.version()))
                .when().post()
                .then().statusCode(200)
                .body("emotion", equalTo("Happy"))
                .body("model_version", equalTo(named.version()))
                .body("probabilities.size()", equalTo(named.labels().size()));
    }

    @Test
    void badImageIsAFunctionError() {
        given().contentType(ContentType.JSON).body(Map.of("image", "%%%"))
                .when().post()
                .then().statusCode(500)
                // Funqy wraps what the function throws; the message keeps the service's own words.
                .body("errorType", equalTo("io.quarkus.funqy.runtime.ApplicationException"))
                .body("errorMessage", containsString("field 'image' is not valid base64"));
    }
}

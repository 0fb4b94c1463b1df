package ai.emotion.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Readiness, OpenAPI and Prometheus metrics: per-model inference latency histograms, whole-photo stage timers. */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void readyOnceEverySessionIsWarmAndSaysWhichAreLoaded() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.'emotion/1'", equalTo("warm"))
                .body("checks.find { it.name == 'models' }.data.'emotion/2'", equalTo("warm"))
                .body("checks.find { it.name == 'models' }.data.'keypoints/1'", equalTo("warm"));
    }

    @Test
    void openApiDocumentsTheApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/predict/emotion"))
                .body(containsString("/api/v1/predict/file"))
                .body(containsString("/api/v1/analyze"))
                .body(containsString("UNKNOWN_MODEL_VERSION"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusHasPerModelLatencyHistograms() {
        String version = given().contentType(ContentType.JSON)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0))))
                .when().post("/api/v1/predict/emotion").then().statusCode(200).extract().path("model_version");
        double before = inferenceCount(version);
        given().contentType(ContentType.JSON)
                .body(Map.of("image", TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0))))
                .when().post("/api/v1/predict/emotion").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("emotion_ai_inference_seconds_bucket{"));
        assertTrue(inferenceCount(version) >= before + 1, "the answering version's histogram did not count the run");
    }

    /** The run count of the emotion version's inference histogram (every series exists from startup on). */
    static double inferenceCount(String version) {
        Matcher m = Pattern.compile("emotion_ai_inference_seconds_count\\{[^}]*model=\"emotion\"[^}]*version=\""
                + version + "\"[^}]*\\} ([0-9.eE+]+)").matcher(given().when().get("/q/metrics").asString());
        assertTrue(m.find(), "no inference histogram for emotion/" + version);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void prometheusSaysWhereAWholePhotosTimeWent() {
        given().contentType("image/jpeg").body(TestData.read(TestData.landmarkPhotos(1).get(0).file()))
                .when().post("/api/v1/analyze").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String stage : new String[] { "decode", "detect", "crop", "inference" }) {
            assertTrue(metrics.matches("(?s).*emotion_ai_analyze_stage_seconds_count\\{stage=\"" + stage
                    + "\"\\} [1-9].*"), stage + " stage timer missing or zero");
        }
    }
}

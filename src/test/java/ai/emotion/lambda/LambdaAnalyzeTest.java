package ai.emotion.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The analyze function deployed alone, fed a whole photo through the mock Lambda event server. */
@QuarkusTest
@TestProfile(ExportFunction.Analyze.class)
class LambdaAnalyzeTest {

    @Test
    void photoGetsFacesWithEmotionAndKeypoints() {
        byte[] photo = TestData.read(TestData.landmarkPhotos(1).get(0).file());
        given().contentType(ContentType.JSON).body(Map.of("image", TestData.base64(photo)))
                .when().post()
                .then().statusCode(200)
                .body("detector", equalTo("yunet"))
                .body("faces.size()", greaterThanOrEqualTo(1))
                .body("faces[0].keypoints", hasSize(15))
                .body("faces[0].emotion.probabilities.size()", equalTo(7))
                .body("model_versions.emotion", equalTo(TestModels.defaultVersion("emotion")));
    }
}

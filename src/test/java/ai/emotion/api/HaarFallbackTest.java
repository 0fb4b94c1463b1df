package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** With no face-detection model in the repository the Haar cascade finds the faces, and the answer says so. */
@QuarkusTest
@TestProfile(HaarFallbackTest.NoYuNet.class)
class HaarFallbackTest {

    public static class NoYuNet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.models.dir",
                    TestData.modelsWith("haar-test-models", "emotion/1", "emotion/2", "keypoints/1").toString());
        }
    }

    @Test
    void haarCascadeRunsWhenTheRepositoryHasNoDetector() {
        int found = 0;
        double nme = 0;
        for (LandmarkPhoto photo : TestData.landmarkPhotos(10)) {
            JsonPath answer = given().contentType("image/jpeg").body(TestData.read(photo.file()))
                    .when().post("/api/v1/analyze").then().statusCode(200).extract().jsonPath();
            assertEquals("haar", answer.getString("detector"));
            if (!answer.getList("faces").isEmpty()) {
                found++;
                nme += AnalyzeResourceTest.nme(answer.getList("faces[0].keypoints"), photo);
            }
        }
        assertTrue(found >= 8, "Haar found " + found + "/10");
        assertTrue(nme / found < 0.15, "mean NME from Haar boxes " + nme / found);
    }
}

package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The options of a whole-photo analysis are checked in one place: every entry point (JSON, raw, multipart, the
 * Funqy function, the video endpoint) refuses the same bad value with the same message, and raw and multipart uploads
 * can choose the keypoint version too.
 */
@QuarkusTest
class RequestOptionsTest {
    static final String MAX_FACES = "max_faces must be an integer >= 1, not 0";
    static final String MIN_SIZE = "min_face_size must be an integer >= 0, not -3";

    static byte[] photo() {
        return TestData.read(TestData.landmarkPhotos(1).get(0).file());
    }

    static void refused(RequestSpecification request, String path, String message) {
        request.post(path).then().statusCode(400).body("code", equalTo("BAD_REQUEST")).body("error",
                equalTo(message));
    }

    @Test
    void everyEntryPointRefusesTheSameValueWithTheSameMessage() {
        byte[] photo = photo();
        String base64 = TestData.base64(photo);
        for (Object[] bad : List.of(new Object[] { "max_faces", 0, MAX_FACES },
                new Object[] { "min_face_size", -3, MIN_SIZE })) {
            String field = (String) bad[0];
            Object value = bad[1];
            String message = (String) bad[2];
            refused(given().contentType("application/json").body(Map.of("image", base64, field, value)),
                    "/api/v1/analyze", message);
            refused(given().contentType("image/jpeg").queryParam(field, value).body(photo), "/api/v1/analyze",
                    message);
            refused(given().multiPart("file", "p.jpg", photo, "image/jpeg").multiPart(field, String.valueOf(value)),
                    "/api/v1/analyze", message);
            refused(given().contentType("application/json").body(Map.of("images", List.of(base64), field, value)),
                    "/api/v1/analyze/batch", message);
            refused(given().contentType("video/mp4").queryParam(field, value).body(new byte[] { 1 }),
                    "/api/v1/video", message);
            given().contentType("application/json").body(Map.of("image", base64, field, value)).post("/analyze")
                    .then().statusCode(400).body("error", equalTo(message));
        }
    }

    @Test
    void rawAndMultipartUploadsChooseTheKeypointVersion() {
        byte[] photo = photo();
        List<String> versions = TestModels.versions("keypoints");
        String other = versions.get(0).equals(TestModels.defaultVersion("keypoints")) ? versions.get(1)
                : versions.get(0);
        given().contentType("image/jpeg").queryParam("keypoints_version", other).body(photo).post("/api/v1/analyze")
                .then().statusCode(200).body("model_versions.keypoints", equalTo(other));
        given().multiPart("file", "p.jpg", photo, "image/jpeg").multiPart("keypoints_version", other)
                .post("/api/v1/analyze").then().statusCode(200).body("model_versions.keypoints", equalTo(other));
    }
}

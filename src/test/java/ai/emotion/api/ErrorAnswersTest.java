package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.awt.image.BufferedImage;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Bad input gets a 4xx JSON error naming the problem, never a 500 or a stack trace. */
@QuarkusTest
class ErrorAnswersTest {

    static ValidatableResponse postJson(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then()
                .contentType(ContentType.JSON)
                .body(not(containsString("at ai.emotion")));
    }

    static ValidatableResponse expect(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).body("code", equalTo(code)).body("error", not(equalTo("")));
    }

    @Test
    void badBase64() {
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"***not base64***\"}"), 400, "BAD_BASE64");
    }

    @Test
    void bytesThatAreNoImage() {
        String text = TestData.base64("hello, I am not a picture".getBytes());
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"" + text + "\"}"), 400, "UNDECODABLE_IMAGE");
    }

    @Test
    void malformedJson() {
        expect(postJson("/api/v1/predict/emotion", "{\"image\": "), 400, "BAD_JSON");
        expect(postJson("/api/v1/predict/keypoints", "[1, 2]"), 400, "BAD_JSON");
    }

    @Test
    void missingImage() {
        expect(postJson("/api/v1/predict/emotion", "{}"), 400, "MISSING_IMAGE");
        expect(postJson("/api/v1/predict/both", "{\"image\": \"\"}"), 400, "MISSING_IMAGE");
        expect(given().multiPart("other", "x").when().post("/api/v1/predict/file").then(), 400, "MISSING_IMAGE");
    }

    @Test
    void unknownModelVersion() {
        String face = TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0));
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"" + face + "\", \"model_version\": \"99\"}"), 422,
                "UNKNOWN_MODEL_VERSION");
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"" + face + "\", \"model_version\": \"v2\"}"), 422,
                "UNKNOWN_MODEL_VERSION");
    }

    @Test
    void imageWithTooManyPixelsIsRefusedFromItsHeader() {
        // 8000 x 6000 = 48 Mpx, over the 40 Mpx limit; the header alone is sent, so only a check of the header
        // (before any decoding) can answer 413: the decoder would fail on it with 400 UNDECODABLE_IMAGE.
        byte[] header = TestData.pngHeaderOnly(8000, 6000);
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"" + TestData.base64(header) + "\"}"), 413,
                "IMAGE_TOO_LARGE").body("error", org.hamcrest.Matchers.containsString("48000000 pixels"));
        // a complete image of that size is refused too (by the same header check)
        byte[] png = TestData.encode(new BufferedImage(8000, 6000, BufferedImage.TYPE_BYTE_GRAY), "png");
        expect(postJson("/api/v1/predict/emotion", "{\"image\": \"" + TestData.base64(png) + "\"}"), 413,
                "IMAGE_TOO_LARGE");
    }

    @Test
    void bodyOverTheLimit() {
        String big = "{\"image\": \"" + "A".repeat(31 * 1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).when().post("/api/v1/predict/emotion")
                .then().statusCode(413);
    }

    @Test
    void unsupportedMediaType() {
        expect(given().contentType(ContentType.TEXT).body("hello").when().post("/api/v1/predict/emotion").then(),
                415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void adminEndpointDoesNotExistWithoutAToken() {
        given().when().post("/admin/models/reload").then().statusCode(404).contentType(ContentType.JSON)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void overloadAnswersCarryRetryAfter() {
        jakarta.ws.rs.core.Response answer = new RestErrorMappers().rejected(new ai.emotion.batching.BatchRejectedException(
                ai.emotion.batching.BatchRejectedException.Reason.QUEUE_FULL, "queue full"));
        org.junit.jupiter.api.Assertions.assertEquals(503, answer.getStatus());
        org.junit.jupiter.api.Assertions.assertEquals("1", String.valueOf(answer.getHeaderString("Retry-After")));
        org.junit.jupiter.api.Assertions.assertEquals("OVERLOADED",
                ((ai.emotion.error.ErrorBody) answer.getEntity()).code());
    }

    @Test
    void theServiceKeepsAnsweringAfterBadInput() {
        badBase64();
        bytesThatAreNoImage();
        String face = TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0));
        given().contentType(ContentType.JSON).body(Map.of("image", face)).when().post("/api/v1/predict/emotion")
                .then().statusCode(200);
    }
}

package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestModels;
import ai.emotion.TestData.LandmarkPhoto;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class PredictResourceTest {
    static final int FER_HAPPY = 3;
    static final int FER_SURPRISE = 5;

    static JsonPath post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void emotionOfRealFacesDefaultsToTheHighestVersion() {
        List<byte[]> happy = TestData.ferFaces("PublicTest", FER_HAPPY, 20);
        String highest = TestModels.defaultVersion("emotion");
        int hits = 0;
        for (byte[] face : happy) {
            JsonPath answer = post("/api/v1/predict/emotion", Map.of("image", TestData.base64(face)));
            assertEquals(highest, answer.getString("model_version"));
            Map<String, Float> probs = answer.getMap("probabilities");
            assertTrue(probs.keySet().containsAll(List.of("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise",
                    "Neutral")));
            assertTrue(Math.abs(probs.values().stream().mapToDouble(Float::doubleValue).sum() - 1) < 1e-3);
            assertTrue(answer.getFloat("confidence") >= probs.get(answer.getString("emotion")) - 1e-6);
            hits += answer.getString("emotion").equals("Happy") ? 1 : 0;
        }
        assertTrue(hits >= 14, "most held-out happy faces are read as Happy, got " + hits + "/20");
    }

    /**
     * The quality gate: on the first 300 PublicTest faces (every class, in file order) the served model reaches its
     * card's PublicTest accuracy (model.json metrics.accuracy) less a stated margin, three binomial standard
     * deviations of a 300-face sample: about 8 points for 70%.
     */
    @Test
    void accuracyOnPublicTestFacesMatchesTheModelCard() {
        double card = TestData.metric("emotion/" + TestModels.defaultVersion("emotion"), "metrics", "accuracy");
        List<TestData.FerFace> faces = TestData.ferRows("PublicTest", 300);
        List<String> labels = List.of("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral");
        int hits = 0;
        for (TestData.FerFace face : faces) {
            String said = post("/api/v1/predict/emotion", Map.of("image", TestData.base64(face.png())))
                    .getString("emotion");
            hits += said.equals(labels.get(face.ferId())) ? 1 : 0;
        }
        double accuracy = (double) hits / faces.size();
        double margin = 3 * Math.sqrt(card * (1 - card) / faces.size());
        assertTrue(accuracy >= card - margin, "accuracy " + accuracy + " on " + faces.size() + " PublicTest faces; "
                + "the card says " + card + " (gate: card - " + margin + ")");
    }

    @Test
    void version1AnswersTheOriginalFiveClassesAndAcceptsDataUris() {
        byte[] face = TestData.ferFaces("PublicTest", FER_SURPRISE, 1).get(0);
        given().contentType(ContentType.JSON)
                .body(Map.of("image", "data:image/png;base64," + TestData.base64(face), "model_version", "1"))
                .when().post("/api/v1/predict/emotion")
                .then().statusCode(200)
                .body("model_version", equalTo("1"))
                .body("probabilities.keySet()", contains("Angry", "Disgust", "Sad", "Happy", "Surprise"));
    }

    @Test
    void keypointsLandOnTheFacialFeaturesInTheSentImagesPixels() throws IOException {
        for (LandmarkPhoto photo : TestData.landmarkPhotos(5)) {
            Crop crop = Crop.around(photo);
            JsonPath answer = post("/api/v1/predict/keypoints", Map.of("image", TestData.base64(crop.png)));
            assertTrue(answer.getInt("num_keypoints") == 15);
            List<Map<String, Object>> points = answer.getList("keypoints");
            double[] left = photo.mean(42, 48);
            double[] right = photo.mean(36, 42);
            double iod = Math.hypot(left[0] - right[0], left[1] - right[1]);
            assertNear(points.get(0), "left_eye_center", left[0] - crop.x0, left[1] - crop.y0, 0.25 * iod);
            assertNear(points.get(1), "right_eye_center", right[0] - crop.x0, right[1] - crop.y0, 0.25 * iod);
            assertNear(points.get(10), "nose_tip", photo.points()[30][0] - crop.x0, photo.points()[30][1] - crop.y0,
                    0.35 * iod);
        }
    }

    static void assertNear(Map<String, Object> point, String name, double x, double y, double tolerance) {
        assertTrue(point.get("name").equals(name), "expected " + name + ", got " + point.get("name"));
        double dx = ((Number) point.get("x")).doubleValue() - x;
        double dy = ((Number) point.get("y")).doubleValue() - y;
        assertTrue(Math.hypot(dx, dy) < tolerance, name + " off by " + Math.hypot(dx, dy) + " px");
    }

    /** A square face crop around the annotated landmarks, like a detector box with margin. */
    record Crop(byte[] png, int x0, int y0) {
        static Crop around(LandmarkPhoto photo) throws IOException {
            BufferedImage img = ImageIO.read(photo.file().toFile());
            int[] square = photo.square(1.25, img.getWidth(), img.getHeight());
            int x0 = square[0];
            int y0 = square[1];
            int side = square[2];
            return new Crop(TestData.encode(img.getSubimage(x0, y0, side, side), "png"), x0, y0);
        }
    }

    @Test
    void bothAnswersEmotionAndKeypoints() {
        byte[] face = TestData.ferFaces("PublicTest", FER_HAPPY, 1).get(0);
        given().contentType(ContentType.JSON).body(Map.of("image", TestData.base64(face)))
                .when().post("/api/v1/predict/both")
                .then().statusCode(200)
                .body("emotion.model_version", equalTo(TestModels.defaultVersion("emotion")))
                .body("keypoints.num_keypoints", equalTo(15))
                .body("keypoints.keypoints", hasSize(15))
                // the subject's left eye lies on the image's right half
                .body("keypoints.keypoints[0].name", equalTo("left_eye_center"))
                .body("keypoints.keypoints[0].x", greaterThan(24f));
    }

    @Test
    void multipartFileAnswersTheEmotion() {
        byte[] face = TestData.ferFaces("PublicTest", FER_HAPPY, 1).get(0);
        given().multiPart("file", "face.png", face, "image/png").multiPart("model_version", "1")
                .when().post("/api/v1/predict/file")
                .then().statusCode(200)
                .body("model_version", equalTo("1"))
                .body("probabilities.size()", equalTo(5));
    }
}

package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;
import ai.emotion.model.CropRuleSpec;
import ai.emotion.model.ModelFolder;
import ai.emotion.model.ModelMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The face endpoints on a model trained on five-point aligned faces: a real face crop is aligned on the landmarks
 * the face detector finds in it ("alignment": "five_point"), a crop without a face is resized whole
 * ("whole_image"), as every crop is for a model with a square crop rule. The five-point part runs once the served
 * repository holds an emotion version with crop type five_point_similarity, and is skipped until then.
 */
@QuarkusTest
class PredictResourceAlignmentTest {
    static JsonPath post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(200).extract()
                .jsonPath();
    }

    /** The highest emotion version of the served repository whose crop rule matches. */
    static Optional<String> emotionVersion(Predicate<CropRuleSpec> rule) {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("emotion-ai.models.dir", String.class));
        return ModelFolder.scan(dir).stream().map(ModelFolder::metadata)
                .filter(m -> m.name().equals("emotion") && m.preprocessing() != null
                        && rule.test(m.preprocessing().crop()))
                .max(Comparator.comparing(ModelMetadata::id)).map(ModelMetadata::version);
    }

    static String fivePointVersion() {
        Optional<String> version = emotionVersion(CropRuleSpec::fivePoint);
        Assumptions.assumeTrue(version.isPresent(), "no emotion version with crop type five_point_similarity in the "
                + "served repository (emotion-ai.models.dir) yet, so the five-point path is not tested");
        return version.get();
    }

    @Test
    void aFivePointModelAlignsARealFaceCrop() throws IOException {
        String version = fivePointVersion();
        for (LandmarkPhoto photo : TestData.heldOutLandmarkPhotos(3)) {
            String image = TestData.base64(TestData.encode(faceCrop(photo), "png"));
            JsonPath answer = post("/api/v1/predict/emotion", Map.of("image", image, "model_version", version));
            assertEquals(version, answer.getString("model_version"));
            assertEquals("five_point", answer.getString("alignment"), photo.file().toString());
            Map<String, Float> probs = answer.getMap("probabilities");
            assertEquals(1, probs.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-3);
            assertEquals("five_point", post("/api/v1/predict/both", Map.of("image", image, "model_version", version))
                    .getString("emotion.alignment"));
        }
    }

    @Test
    void aFivePointModelResizesACropWithoutAFaceWhole() {
        String version = fivePointVersion();
        JsonPath answer = post("/api/v1/predict/emotion", Map.of("image", flatGray(), "model_version", version));
        assertEquals(version, answer.getString("model_version"));
        assertEquals("whole_image", answer.getString("alignment"));
    }

    @Test
    void aSquareRuleModelResizesEveryCropWhole() throws IOException {
        Optional<String> version = emotionVersion(rule -> !rule.fivePoint());
        Assumptions.assumeTrue(version.isPresent(), "no emotion version with a square crop rule is served");
        List<LandmarkPhoto> photos = TestData.heldOutLandmarkPhotos(1);
        String image = TestData.base64(TestData.encode(faceCrop(photos.get(0)), "png"));
        assertEquals("whole_image", post("/api/v1/predict/emotion",
                Map.of("image", image, "model_version", version.get())).getString("alignment"));
    }

    @Test
    void theOpenApiDescriptionSaysWhatAlignmentMeans() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.EmotionResponse.properties.alignment.enum",
                        containsInAnyOrder("five_point", "whole_image"))
                .body("components.schemas.EmotionResponse.properties.alignment.description",
                        containsString("five_point_similarity"))
                .body("paths.'/api/v1/predict/emotion'.post.responses.'200'.content.'application/json'.schema.$ref",
                        containsString("EmotionResponse"))
                .body("paths.'/api/v1/predict/emotion'.post.responses.'422'.$ref", containsString("UnknownVersion"))
                .body("paths.'/api/v1/predict/emotion'.post.description", containsString("alignment"));
    }

    /** A square a little wider than the annotated face, as a caller's face crop would be. */
    static BufferedImage faceCrop(LandmarkPhoto photo) throws IOException {
        BufferedImage img = ImageIO.read(photo.file().toFile());
        int[] square = photo.square(1.25, img.getWidth(), img.getHeight());
        int x0 = square[0];
        int y0 = square[1];
        int side = square[2];
        assertTrue(side > 40, photo.file() + ": face too small for a crop");
        return img.getSubimage(x0, y0, side, side);
    }

    static String flatGray() {
        BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 96, 96);
        g.dispose();
        return TestData.base64(TestData.encode(img, "png"));
    }
}

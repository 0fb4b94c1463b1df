package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * /api/v1/analyze/batch: every image answered in order, as /analyze answers it alone (the faces of several images
 * share one model run, which must not change a number), and a bad image answered with its own error.
 */
@QuarkusTest
class BatchResourceTest {
    static final int PHOTOS = 5;
    static final byte[] GARBAGE = "not an image at all".getBytes();
    static List<byte[]> photos;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void photos() {
        photos = new ArrayList<>();
        TestData.landmarkPhotos(PHOTOS).forEach(p -> photos.add(TestData.read(p.file())));
    }

    /** The photos with the garbage third: what each form of the batch sends. */
    static List<byte[]> batch() {
        List<byte[]> batch = new ArrayList<>(photos);
        batch.add(2, GARBAGE);
        return batch;
    }

    JsonNode post(RequestSpecification request) throws IOException {
        String body = request.post("/api/v1/analyze/batch").then().statusCode(200).extract().asString();
        return mapper.readTree(body);
    }

    @Test
    void multipartJsonAndZipAnswerEachImageAsAnalyzeDoesAlone() throws IOException {
        List<JsonNode> alone = new ArrayList<>();
        for (byte[] photo : photos) {
            alone.add(mapper.readTree(given().contentType("image/jpeg").body(photo).post("/api/v1/analyze").then()
                    .statusCode(200).extract().asString()));
        }
        RequestSpecification multipart = given();
        int i = 0;
        for (byte[] image : batch()) {
            multipart = multipart.multiPart("file", "image" + i++ + ".jpg", image, "image/jpeg");
        }
        List<String> base64 = batch().stream().map(TestData::base64).toList();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("photos/"));
            out.putNextEntry(new ZipEntry("__MACOSX/._image0.jpg"));
            out.write(1);
            i = 0;
            for (byte[] image : batch()) {
                out.putNextEntry(new ZipEntry("photos/image" + i++ + ".jpg"));
                out.write(image);
            }
        }
        for (JsonNode answer : List.of(post(multipart),
                post(given().contentType("application/json").body(Map.of("images", base64))),
                post(given().contentType("application/zip").body(zip.toByteArray())))) {
            assertEquals(PHOTOS + 1, answer.get("images").asInt());
            assertEquals(1, answer.get("failed").asInt());
            JsonNode results = answer.get("results");
            JsonNode bad = results.get(2);
            assertEquals("UNDECODABLE_IMAGE", bad.at("/error/code").asText(), bad.toString());
            assertNull(bad.get("analysis"));
            for (int p = 0; p < PHOTOS; p++) {
                JsonNode result = results.get(p < 2 ? p : p + 1);
                assertEquals(p < 2 ? p : p + 1, result.get("index").asInt());
                JsonNode faces = result.at("/analysis/faces");
                JsonNode expected = alone.get(p).get("faces");
                assertEquals(expected.size(), faces.size(), "faces of photo " + p);
                assertTrue(faces.size() >= 1, "each landmark photo has a face");
                for (int f = 0; f < faces.size(); f++) {
                    assertEquals(expected.get(f).at("/emotion/emotion"), faces.get(f).at("/emotion/emotion"));
                    assertEquals(expected.get(f).at("/emotion/confidence").asDouble(),
                            faces.get(f).at("/emotion/confidence").asDouble(), 1e-3);
                    assertEquals(expected.get(f).at("/keypoints/0/x").asDouble(),
                            faces.get(f).at("/keypoints/0/x").asDouble(), 0.05);
                }
            }
        }
    }

    @Test
    void limitsAndBadBodiesAre4xx() {
        assertCode(given().contentType("application/json").body("{}"), 400, "MISSING_IMAGE");
        assertCode(given().contentType("application/json").body("{\"images\": []}"), 400, "MISSING_IMAGE");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("x");
        }
        assertCode(given().contentType("application/json").body(Map.of("images", many)), 413, "PAYLOAD_TOO_LARGE");
        assertCode(given().contentType("application/zip").body("PK not really a zip".getBytes()), 400,
                "BAD_REQUEST");
        assertCode(given().contentType("application/zip").body(new byte[] { 'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }), 400, "MISSING_IMAGE");
    }

    static void assertCode(RequestSpecification request, int status, String code) {
        var r = request.post("/api/v1/analyze/batch");
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(code, r.jsonPath().getString("code"), r.asString());
    }
}

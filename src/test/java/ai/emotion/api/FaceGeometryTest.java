package ai.emotion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;
import ai.emotion.geometry.HeadPose;
import ai.emotion.geometry.HeadPoseEstimator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Head pose and face quality on real photos through /api/v1/analyze: the pose follows a mirror and an in-plane
 * rotation of the photo, a frontal face reads as frontal, blur lowers sharpness, and the expression gate withholds
 * the expression of a tiny or blurred face while keeping the sharp one's.
 */
@QuarkusTest
class FaceGeometryTest {
    static final int PHOTOS = 8;

    static JsonPath analyze(BufferedImage image, Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(options);
        body.put("image", TestData.base64(TestData.encode(image, "png")));
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/analyze").then()
                .statusCode(200).extract().jsonPath();
    }

    static double[] pose(BufferedImage image) {
        JsonPath answer = analyze(image, Map.of());
        assertFalse(answer.getList("faces").isEmpty(), "no face found");
        return new double[] { answer.getDouble("faces[0].head_pose.yaw"), answer.getDouble("faces[0].head_pose.pitch"),
                answer.getDouble("faces[0].head_pose.roll") };
    }

    static BufferedImage read(LandmarkPhoto photo) {
        try {
            return ImageIO.read(photo.file().toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static BufferedImage transformed(BufferedImage src, AffineTransform t) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    static BufferedImage mirrored(BufferedImage src) {
        AffineTransform t = AffineTransform.getScaleInstance(-1, 1);
        t.translate(-src.getWidth(), 0);
        return transformed(src, t);
    }

    /** Java2D's y points down: a positive angle turns the photo clockwise on screen. */
    static BufferedImage rotated(BufferedImage src, double degrees) {
        return transformed(src, AffineTransform.getRotateInstance(Math.toRadians(degrees), src.getWidth() / 2.0,
                src.getHeight() / 2.0));
    }

    static BufferedImage blurred(BufferedImage src, int radius) {
        int side = 2 * radius + 1;
        float[] k = new float[side * side];
        java.util.Arrays.fill(k, 1f / k.length);
        BufferedImage rgb = transformed(src, new AffineTransform());
        return new ConvolveOp(new Kernel(side, side, k), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
    }

    static BufferedImage scaled(BufferedImage src, double factor) {
        int w = (int) Math.round(src.getWidth() * factor);
        int h = (int) Math.round(src.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Held-out photos whose annotated 68 points give a pose within 5 degrees of frontal (yaw and pitch). */
    static List<LandmarkPhoto> frontal(int n) {
        List<LandmarkPhoto> found = new ArrayList<>();
        for (LandmarkPhoto p : TestData.heldOutLandmarkPhotos(400)) {
            double[] xy = new double[136];
            for (int i = 0; i < 68; i++) {
                xy[2 * i] = p.points()[i][0];
                xy[2 * i + 1] = p.points()[i][1];
            }
            BufferedImage image = read(p);
            HeadPose truth = HeadPoseEstimator.estimate(xy, image.getWidth(), image.getHeight());
            if (Math.abs(truth.yaw()) < 5 && Math.abs(truth.pitch()) < 5 && found.size() < n) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * Mirroring negates yaw and roll: roll within 3 degrees on every photo; yaw, which hangs on the face's depth,
     * within 3 on average and 5 on every photo (the detector's box is not mirror-exact).
     */
    @Test
    void mirroringFlipsYawAndRoll() {
        double yawErrors = 0;
        List<LandmarkPhoto> photos = TestData.heldOutLandmarkPhotos(PHOTOS);
        for (LandmarkPhoto photo : photos) {
            BufferedImage image = read(photo);
            double[] p = pose(image);
            double[] m = pose(mirrored(image));
            String what = photo.file().getFileName() + ": pose " + List.of(p[0], p[1], p[2]) + ", mirrored "
                    + List.of(m[0], m[1], m[2]);
            assertEquals(-p[0], m[0], 5, what);
            assertEquals(-p[2], m[2], 3, what);
            yawErrors += Math.abs(p[0] + m[0]);
        }
        assertTrue(yawErrors / photos.size() <= 3, "mean |yaw + mirrored yaw| " + yawErrors / photos.size());
    }

    @Test
    void anInPlaneRotationOf15DegreesChangesRollBy15() {
        for (LandmarkPhoto photo : TestData.heldOutLandmarkPhotos(PHOTOS)) {
            BufferedImage image = read(photo);
            double roll = pose(image)[2];
            double clockwise = pose(rotated(image, 15))[2];
            double counter = pose(rotated(image, -15))[2];
            String what = photo.file().getFileName() + ": roll " + roll + ", rotated +15: " + clockwise + ", -15: "
                    + counter;
            assertEquals(roll + 15, clockwise, 3, what);
            assertEquals(roll - 15, counter, 3, what);
        }
    }

    /** Frontal by the annotation (its 68 points' pose, the service's own solver): frontal by the service too. */
    @Test
    void aFrontalFaceHasSmallYawAndPitch() {
        List<LandmarkPhoto> photos = frontal(6);
        assertEquals(6, photos.size(), "frontal held-out photos");
        for (LandmarkPhoto photo : photos) {
            double[] p = pose(read(photo));
            String what = photo.file().getFileName() + ": pose " + List.of(p[0], p[1], p[2]);
            assertTrue(Math.abs(p[0]) < 15, what);
            assertTrue(Math.abs(p[1]) < 15, what);
        }
    }

    @Test
    void blurLowersSharpnessAndTheGateWithholdsTheBlurredAndTheTinyFace() {
        LandmarkPhoto photo = TestData.heldOutLandmarkPhotos(1).get(0);
        BufferedImage sharp = read(photo);
        JsonPath original = analyze(sharp, Map.of());
        JsonPath blur = analyze(blurred(sharp, 3), Map.of());
        double s = original.getDouble("faces[0].quality.sharpness");
        double b = blur.getDouble("faces[0].quality.sharpness");
        assertTrue(b < s / 2, "sharpness " + s + ", blurred " + b);
        assertEquals(original.getDouble("faces[0].score"), original.getDouble("faces[0].quality.detector_score"));
        assertNull(original.get("faces[0].emotion_withheld"), "no gate, nothing withheld");

        // a threshold between the two: the sharp face keeps its expression, the blurred one loses it and says why
        Map<String, Object> gate = Map.of("min_sharpness", Math.sqrt(s * b));
        JsonPath kept = analyze(sharp, gate);
        assertNotNull(kept.get("faces[0].emotion.emotion"));
        assertNull(kept.get("faces[0].emotion_withheld"));
        JsonPath dropped = analyze(blurred(sharp, 3), gate);
        assertNull(dropped.get("faces[0].emotion"));
        assertTrue(dropped.getString("faces[0].emotion_withheld").contains("min_sharpness"),
                dropped.getString("faces[0].emotion_withheld"));
        assertFalse(dropped.getList("faces[0].keypoints").isEmpty(), "keypoints stay");

        // a tiny copy of the photo: its face is below min_expression_size, the full-size face is not
        double size = original.getDouble("faces[0].quality.face_size");
        BufferedImage tiny = new BufferedImage(sharp.getWidth() * 2, sharp.getHeight() * 2, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = tiny.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, tiny.getWidth(), tiny.getHeight());
        g.drawImage(scaled(sharp, 0.3), tiny.getWidth() / 3, tiny.getHeight() / 3, null);
        g.dispose();
        Map<String, Object> minSize = Map.of("min_expression_size", (int) (size * 0.6));
        JsonPath small = analyze(tiny, minSize);
        if (!small.getList("faces").isEmpty()) {
            assertNull(small.get("faces[0].emotion"), "face of " + small.get("faces[0].quality.face_size") + " px");
            assertTrue(small.getString("faces[0].emotion_withheld").contains("min_expression_size"));
        }
        assertNotNull(analyze(sharp, minSize).get("faces[0].emotion"));
    }

    @Test
    void minConfidenceSaysUncertainAndKeepsTheProbabilities() {
        BufferedImage image = read(TestData.heldOutLandmarkPhotos(1).get(0));
        JsonPath plain = analyze(image, Map.of());
        double confidence = plain.getDouble("faces[0].emotion.confidence");
        JsonPath uncertain = analyze(image, Map.of("min_confidence", Math.min(1.0, confidence + 0.01)));
        assertEquals("Uncertain", uncertain.getString("faces[0].emotion.emotion"));
        assertEquals(plain.getMap("faces[0].emotion.probabilities"), uncertain.getMap("faces[0].emotion.probabilities"));
        assertEquals(plain.getString("faces[0].emotion.emotion"),
                analyze(image, Map.of("min_confidence", confidence - 0.01)).getString("faces[0].emotion.emotion"));
    }

    @Test
    void gateOptionsOutOfRangeAreNamed() {
        byte[] png = TestData.encode(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
        given().contentType(ContentType.JSON).body(Map.of("image", TestData.base64(png), "min_confidence", 2))
                .when().post("/api/v1/analyze").then().statusCode(400).body("code", equalTo("BAD_REQUEST"))
                .body("error", org.hamcrest.Matchers.containsString("min_confidence"));
        given().contentType("image/png").body(png).queryParam("max_head_pose", -1).when().post("/api/v1/analyze")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("max_head_pose"));
    }
}

package ai.emotion.live;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ai.emotion.TestData;
import ai.emotion.bench.LiveClient;
import ai.emotion.bench.StreamFrames;
import ai.emotion.config.EmotionAiConfig;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The live socket's protocol: a valid stream, bad and oversized frames, control messages, a flood, the cap. */
@QuarkusTest
class LiveEndpointTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    EmotionAiConfig config;

    LiveClient connect() throws InterruptedException {
        LiveClient client = LiveClient.connect(LiveClient.liveUrl(base.toString()));
        JsonNode hello = client.next("hello", WAIT);
        assertEquals(1, hello.path("protocol").asInt());
        assertEquals(config.live().maxFrameBytes(), hello.path("limits").path("max_frame_bytes").asInt());
        return client;
    }

    /** A 640x480 frame with no face in it (hermetic: no shared data). */
    static byte[] emptyFrame() {
        return TestData.encode(new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR), "jpg");
    }

    @Test
    void aMovingFaceKeepsItsTrackIdWithSmoothedProbabilities() throws Exception {
        List<byte[]> frames = StreamFrames.movingFace(20);
        Set<Long> tracks = new HashSet<>();
        try (LiveClient client = connect()) {
            for (int i = 0; i < frames.size(); i++) {
                client.send(frames.get(i));
                JsonNode result = client.next("result", WAIT);
                assertEquals(i + 1, result.path("frame").asLong(), "results name the frame they answer");
                assertEquals(1, result.path("faces").size(), "frame " + (i + 1) + ": " + result);
                JsonNode face = result.path("faces").get(0);
                tracks.add(face.path("track_id").asLong());
                assertEquals(15, face.path("keypoints").size());
                assertEquals(5, face.path("landmarks5").size());
                assertFalse(face.has("landmarks68"), "68 landmarks only when asked for");
                double sum = 0;
                for (JsonNode p : face.path("emotion").path("probabilities")) {
                    sum += p.asDouble();
                }
                assertEquals(1.0, sum, 0.01, "smoothed probabilities still sum to 1");
                assertTrue(result.path("server_ms").asDouble() > 0);
                assertEquals(640, result.path("image").path("width").asInt());
            }
        }
        assertEquals(1, tracks.size(), "one face, one track id across the stream: " + tracks);
    }

    @Test
    void optionsTurnOnThe68LandmarksAndResetGivesANewTrack() throws Exception {
        List<byte[]> frames = StreamFrames.movingFace(2);
        try (LiveClient client = connect()) {
            client.sendText("{\"type\": \"options\", \"landmarks68\": true, \"smoothing\": 1}");
            JsonNode options = client.next("options", WAIT).path("options");
            assertTrue(options.path("landmarks68").asBoolean());
            assertEquals(1.0, options.path("smoothing").asDouble());
            client.send(frames.get(0));
            JsonNode face = client.next("result", WAIT).path("faces").get(0);
            assertEquals(68, face.path("landmarks68").size());
            long first = face.path("track_id").asLong();
            client.sendText("{\"type\": \"reset\"}");
            client.next("options", WAIT);
            client.send(frames.get(1));
            assertTrue(client.next("result", WAIT).path("faces").get(0).path("track_id").asLong() > first);
        }
    }

    @Test
    void theAnalyzeAnswerHasThe68LandmarksOnlyWhenAskedFor() {
        byte[] photo = TestData.read(TestData.landmarkPhotos(1).get(0).file());
        given().contentType("image/jpeg").body(photo).post("/api/v1/analyze").then().statusCode(200)
                .body("faces[0].containsKey('landmarks68')", org.hamcrest.Matchers.is(false))
                .header("Server-Timing", org.hamcrest.Matchers.startsWith("app;dur="));
        given().contentType("image/jpeg").body(photo).queryParam("landmarks68", true).post("/api/v1/analyze").then()
                .statusCode(200).body("faces[0].landmarks68", org.hamcrest.Matchers.hasSize(68));
    }

    @Test
    void badFramesAndMessagesGetErrorsAndTheSocketStaysOpen() throws Exception {
        try (LiveClient client = connect()) {
            client.send("not an image at all".getBytes());
            JsonNode error = client.next("error", WAIT);
            assertEquals("UNDECODABLE_IMAGE", error.path("code").asText());
            assertEquals(1, error.path("frame").asLong());
            client.send(new byte[0]);
            assertEquals(2, client.next("error", WAIT).path("frame").asLong());
            List<String> texts = new ArrayList<>();
            for (String control : List.of("{not json", "[1, 2]", "{\"type\": \"dance\"}",
                    "{\"type\": \"options\", \"smoothing\": 5}", "{\"type\": \"options\", \"max_faces\": 0}",
                    "{\"type\": \"options\", \"landmarks68\": \"yes\"}")) {
                client.sendText(control);
                JsonNode answer = client.next("error", WAIT);
                assertTrue(Set.of("BAD_JSON", "BAD_REQUEST").contains(answer.path("code").asText()), control);
                texts.add(answer.path("error").asText());
            }
            client.send(emptyFrame());
            JsonNode result = client.next("result", WAIT);
            assertEquals(3, result.path("frame").asLong());
            assertEquals(0, result.path("faces").size());
            assertTrue(client.isOpen());
            texts.add(error.path("error").asText());
            for (String text : texts) {
                assertFalse(text.matches(".*(Exception|java\\.|\\bat ai\\.).*"), "no Java in an error: " + text);
            }
        }
    }

    @Test
    void anOversizedFrameIsRefusedWithoutClosingTheSocket() throws Exception {
        byte[] big = new byte[config.live().maxFrameBytes() + 1];
        new Random(1).nextBytes(big);
        try (LiveClient client = connect()) {
            client.send(big);
            JsonNode error = client.next("error", WAIT);
            assertEquals("IMAGE_TOO_LARGE", error.path("code").asText());
            assertTrue(error.path("error").asText().contains(String.valueOf(config.live().maxFrameBytes())));
            client.send(emptyFrame());
            assertEquals(2, client.next("result", WAIT).path("frame").asLong());
        }
    }

    @Test
    void aFloodIsDroppedAndCountedWhileOtherConnectionsAreServed() throws Exception {
        byte[] frame = emptyFrame();
        try (LiveClient flood = connect(); LiveClient other = connect()) {
            for (int i = 0; i < 300; i++) {
                flood.send(frame);
            }
            other.send(frame);
            assertEquals(1, other.next("result", WAIT).path("frame").asLong(), "another connection is served");
            // the flood's results: far fewer than its frames, the rest counted as dropped
            int results = 0;
            JsonNode last = null;
            try {
                while (true) {
                    last = flood.next("result", Duration.ofSeconds(2));
                    results++;
                }
            } catch (AssertionError drained) {
                // no result for 2 s: the slot is empty
            }
            assertTrue(results >= 1 && results < 300, "results " + results);
            long dropped = last.path("dropped").path("superseded").asLong() + last.path("dropped").path("rate").asLong();
            assertTrue(dropped > 0, "drops counted: " + last);
            // the flooding connection itself is still served once its rate allows
            Thread.sleep(1100);
            flood.send(frame);
            assertEquals(302, flood.next("result", WAIT).path("frame").asLong() + 1, "frame 301 answered");
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("emotion_ai_live_frames_dropped_total{reason=\"rate\"}")
                || metrics.contains("emotion_ai_live_frames_dropped_total{reason=\"superseded\"}"), "dropped metric");
        assertTrue(metrics.contains("emotion_ai_live_frame_seconds_count"), "latency metric");
        assertTrue(metrics.contains("emotion_ai_live_connections"), "connections gauge");
    }

    @Test
    void connectionsOverTheCapAreToldAndClosed() throws Exception {
        List<LiveClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < config.live().maxConnections(); i++) {
                open.add(connect());
            }
            LiveClient refused = LiveClient.connect(LiveClient.liveUrl(base.toString()));
            open.add(refused);
            JsonNode error = refused.next(WAIT);
            assertEquals("OVERLOADED", error.path("code").asText());
            assertEquals(LiveEndpoint.TRY_AGAIN_LATER, refused.closeCode(WAIT));
        } finally {
            open.forEach(LiveClient::close);
        }
        Thread.sleep(500); // closes reach the service
        try (LiveClient again = connect()) {
            again.send(emptyFrame());
            again.next("result", WAIT);
        }
    }
}

package ai.emotion.video;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The video limits, each answered 413 naming its setting, and the video CloudEvent: answered with the result event
 * and, with Knative's K_SINK set, posted to the sink as well (a small HTTP server of the test's stands for it).
 */
@QuarkusTest
@TestProfile(VideoLimitsAndEventsTest.Limits.class)
class VideoLimitsAndEventsTest {
    static final int SINK_PORT = freePort();
    static final BlockingQueue<Map<String, String>> SINK = new LinkedBlockingQueue<>();
    static HttpServer sink;
    static byte[] small;
    static byte[] large;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emotion-ai.video.max-frame-pixels", "50000", "emotion-ai.video.max-analyzed-frames", "12",
                    "emotion-ai.video.fps", "2", "emotion-ai.video.max-bytes", "400000",
                    "K_SINK", "http://localhost:" + SINK_PORT + "/events");
        }
    }

    /** One port for the test and its profile, which Quarkus loads apart (each has its own statics): a JVM property. */
    static synchronized int freePort() {
        String chosen = System.getProperty("video-events-test.sink-port");
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            System.setProperty("video-events-test.sink-port", String.valueOf(s.getLocalPort()));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        var person = TestVideos.personFrames(8);
        small = TestVideos.clip(person, 5, 10, 160, 128, 110);
        large = TestVideos.clip(person.subList(0, 2), 5, 10, 320, 240, 200);
        sink = HttpServer.create(new InetSocketAddress("localhost", SINK_PORT), 0);
        sink.createContext("/events", exchange -> {
            SINK.add(Map.of("type", String.valueOf(exchange.getRequestHeaders().getFirst("ce-type")),
                    "body", new String(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        sink.start();
    }

    @AfterAll
    static void stop() {
        if (sink != null) { // null when the shared data is absent and the tests were skipped
            sink.stop(0);
        }
    }

    @Test
    void eachLimitIs413NamingItsSetting() {
        Response r = given().contentType("video/mp4").body(large).post("/api/v1/video");
        assertEquals(413, r.statusCode(), r.asString());
        assertEquals("VIDEO_TOO_LARGE", r.jsonPath().getString("code"));
        assertTrue(r.jsonPath().getString("error").contains("emotion-ai.video.max-frame-pixels"), r.asString());

        r = given().contentType("video/mp4").queryParam("fps", 10).body(small).post("/api/v1/video");
        assertEquals(413, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("error").contains("emotion-ai.video.max-analyzed-frames"), r.asString());

        r = given().contentType("video/mp4").body(new byte[400_001]).post("/api/v1/video");
        assertEquals(413, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("error").contains("emotion-ai.video.max-bytes"), r.asString());

        r = given().contentType("video/mp4").body(small).post("/api/v1/video"); // the configured 2 fps: 10 frames
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(2.0, r.jsonPath().getDouble("analysis.fps"));
    }

    @Test
    void aStructuredVideoEventCarriesTheVideoAsDataBase64() throws Exception {
        Map<String, Object> event = Map.of("specversion", "1.0", "id", "43", "source", "test",
                "type", "ai.emotion.video.request", "datacontenttype", "video/mp4",
                "data_base64", java.util.Base64.getEncoder().encodeToString(small));
        Response r = given().contentType("application/cloudevents+json").body(event).post("/");
        assertEquals(200, r.statusCode(), r.asString());
        JsonNode answer = new ObjectMapper().readTree(r.asString());
        assertEquals("ai.emotion.video.result", answer.path("type").asText(), r.asString());
        assertEquals(1, answer.at("/data/tracks").size(), r.asString());
    }

    @Test
    void theVideoEventIsAnsweredAndPostedToTheSink() throws Exception {
        Response r = given().contentType("application/octet-stream").header("ce-id", "42")
                .header("ce-specversion", "1.0").header("ce-type", "ai.emotion.video.request")
                .header("ce-source", "test").body(small).post("/");
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("ai.emotion.video.result", r.header("ce-type"));
        JsonNode answered = new ObjectMapper().readTree(r.asString());
        assertEquals(1, answered.get("tracks").size(), r.asString());
        // every finished video posts its result (the other tests' too): look for this one's
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, String> posted = null;
        while (posted == null && System.nanoTime() < deadline) {
            Map<String, String> next = SINK.poll(1, TimeUnit.SECONDS);
            if (next != null && answered.equals(new ObjectMapper().readTree(next.get("body")))) {
                posted = next;
            }
        }
        assertTrue(posted != null, "the result event reached K_SINK with the answered result");
        assertEquals("ai.emotion.video.result", posted.get("type"));
    }
}

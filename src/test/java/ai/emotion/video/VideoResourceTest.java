package ai.emotion.video;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * /api/v1/video on a clip made from one person's ordered frames: one track through the clip, a timeline that covers
 * it, the same analysis as JSON, CSV and NDJSON, and hostile videos answered 4xx with no temporary file left.
 */
@QuarkusTest
class VideoResourceTest {
    static final int FPS = 10;
    static final int HOLD = 5;
    static final double SAMPLE_FPS = 5;
    static byte[] clip;
    static int clipFrames;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploads;

    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void makeClip() {
        List<Path> person = TestVideos.personFrames(8);
        clip = TestVideos.clip(person, HOLD, FPS, 320, 240, 200);
        clipFrames = person.size() * HOLD;
        TestVideos.keepForBrowserTests(clip);
    }

    @AfterEach
    void noTemporaryFileLeft() throws IOException {
        Path folder = Path.of(uploads);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> left = files.filter(f -> f.getFileName().toString().startsWith("video-")).toList();
                assertTrue(left.isEmpty(), "temporary video files left: " + left);
            }
        }
    }

    JsonNode json(Response r) throws IOException {
        return mapper.readTree(r.asString());
    }

    @Test
    void onePersonKeepsOneTrackThroughTheClipAndTheTimelineCoversIt() throws IOException {
        Response r = given().contentType("video/mp4").queryParam("fps", SAMPLE_FPS).body(clip)
                .post("/api/v1/video");
        assertEquals(200, r.statusCode(), r.asString());
        JsonNode body = json(r);
        assertEquals(clipFrames, body.at("/video/frames").asInt(), "the header's frames");
        assertEquals(clipFrames, body.at("/analysis/frames_decoded").asInt(), "every frame decoded");
        double duration = body.at("/video/duration").asDouble();
        assertEquals((double) clipFrames / FPS, duration, 0.05);
        long analysed = body.at("/analysis/frames_analyzed").asLong();
        assertEquals(Math.ceil(duration * SAMPLE_FPS), analysed, 1.0, "frames sampled at the asked rate");
        JsonNode tracks = body.get("tracks");
        assertEquals(1, tracks.size(), "one person, one track: " + tracks);
        JsonNode track = tracks.get(0);
        assertTrue(track.get("frames").asInt() >= analysed - 1, "the face is found in (nearly) every frame: " + track);
        double step = 1 / SAMPLE_FPS;
        assertEquals(0, track.get("first").asDouble(), step);
        assertEquals(duration - step, track.get("last").asDouble(), step + 0.01);
        // the segments tile the track's time without gap or overlap
        JsonNode segments = track.get("segments");
        assertTrue(segments.size() >= 1);
        assertEquals(track.get("first").asDouble(), segments.get(0).get("start").asDouble(), 1e-9);
        assertEquals(track.get("last").asDouble() + step, segments.get(segments.size() - 1).get("end").asDouble(),
                1e-3);
        for (int i = 1; i < segments.size(); i++) {
            assertEquals(segments.get(i - 1).get("end").asDouble(), segments.get(i).get("start").asDouble(), 1e-3,
                    "segment " + i + " starts where the one before ends");
        }
        double shares = 0;
        String most = null;
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) track.get("emotion_share")::fields) {
            shares += e.getValue().asDouble();
            if (most == null || e.getValue().asDouble() > track.at("/emotion_share/" + most).asDouble()) {
                most = e.getKey();
            }
        }
        assertEquals(1, shares, 0.01, "the shares of the track's frames add up");
        assertEquals(most, track.get("emotion").asText(), "the dominant expression is the one shown most");
        List<String> labels = new ArrayList<>();
        body.get("labels").forEach(l -> labels.add(l.asText()));
        assertTrue(labels.contains(most));
        assertTrue(body.at("/analysis/seconds/decode").asDouble() > 0, "decode time is reported");
    }

    @Test
    void csvNdjsonAndFramesTellTheSameFrames() throws IOException {
        JsonNode withFrames = json(given().contentType("video/mp4").queryParam("fps", SAMPLE_FPS)
                .queryParam("frames", true).body(clip).post("/api/v1/video").then().statusCode(200).extract()
                .response());
        JsonNode frames = withFrames.get("frames");
        assertEquals(withFrames.at("/analysis/frames_analyzed").asInt(), frames.size());
        int faces = 0;
        for (JsonNode f : frames) {
            for (JsonNode face : f.get("faces")) {
                faces++;
                assertEquals(1, face.get("track").asInt());
                assertEquals(withFrames.get("labels").size(), face.get("probabilities").size());
            }
        }

        String csv = given().contentType("video/mp4").accept("text/csv").queryParam("fps", SAMPLE_FPS).body(clip)
                .post("/api/v1/video").then().statusCode(200).contentType("text/csv").extract().asString();
        List<String> lines = csv.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(","));
        for (JsonNode label : withFrames.get("labels")) {
            assertTrue(header.contains("p_" + label.asText().toLowerCase()), header.toString());
        }
        assertEquals(faces, lines.size() - 1, "one row per face per analysed frame");
        for (String row : lines.subList(1, lines.size())) {
            assertEquals(header.size(), row.split(",", -1).length, row);
        }

        String ndjson = given().contentType("video/mp4").accept("application/x-ndjson").queryParam("fps", SAMPLE_FPS)
                .body(clip).post("/api/v1/video").then().statusCode(200).extract().asString();
        List<JsonNode> events = new ArrayList<>();
        for (String line : ndjson.lines().toList()) {
            events.add(mapper.readTree(line));
        }
        JsonNode last = events.get(events.size() - 1);
        assertEquals("summary", last.get("type").asText());
        assertEquals(frames.size(), events.size() - 1, "a frame line per analysed frame, then the summary");
        events.subList(0, events.size() - 1).forEach(e -> assertEquals("frame", e.get("type").asText()));
        assertEquals(withFrames.get("tracks"), last.get("tracks"), "the streamed summary is the JSON one");
    }

    @Test
    void multipartTakesTheOptionsAsFormFields() throws IOException {
        JsonNode body = json(given().multiPart("file", "clip.mp4", clip, "video/mp4").multiPart("fps", "2")
                .post("/api/v1/video").then().statusCode(200).extract().response());
        assertEquals(2.0, body.at("/analysis/fps").asDouble());
        assertEquals(Math.ceil(body.at("/video/duration").asDouble() * 2), body.at("/analysis/frames_analyzed")
                .asDouble(), 1.0);
    }

    @Test
    void badOptionsAndHostileVideosGet4xxNamingTheProblem() {
        expect(given().contentType("video/mp4").queryParam("fps", 0).body(clip), 400, "BAD_REQUEST", "fps");
        expect(given().contentType("video/mp4").queryParam("fps", "ten").body(clip), 400, "BAD_REQUEST", "fps");
        expect(given().contentType("video/mp4").queryParam("smoothing", 3).body(clip), 400, "BAD_REQUEST",
                "smoothing");
        expect(given().contentType("video/mp4").queryParam("frames", "maybe").body(clip), 400, "BAD_REQUEST",
                "frames");
        expect(given().contentType("video/mp4").queryParam("model_version", "999").body(clip), 422,
                "UNKNOWN_MODEL_VERSION", "999");
        expect(given().contentType("video/mp4").body(Arrays.copyOf(clip, clip.length / 2)), 400,
                "UNDECODABLE_VIDEO", "");
        expect(given().contentType("video/mp4").body(Arrays.copyOf(clip, 64)), 400, "UNDECODABLE_VIDEO", "");
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        expect(given().contentType("video/mp4").body(noise), 400, "UNDECODABLE_VIDEO", "");
        expect(given().contentType("video/mp4").body(TestData.pngHeaderOnly(64, 64)), 400, "UNDECODABLE_VIDEO", "");
        expect(given().multiPart("fps", "2"), 400, "MISSING_IMAGE", "file");
    }

    static void expect(io.restassured.specification.RequestSpecification request, int status, String code,
            String mention) {
        Response r = request.post("/api/v1/video");
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(code, r.jsonPath().getString("code"), r.asString());
        assertTrue(r.jsonPath().getString("error").contains(mention), r.asString());
    }
}

package ai.emotion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * A generated hostile suite against the packaged jar: a fixed seed and a bounded count of requests over every
 * endpoint family (REST, Funqy, CloudEvents, TF Serving, KServe), with generated content types, bodies (random
 * bytes, JSON of wrong shapes, broken and oversized base64, image headers declaring huge sizes, tensors of
 * wrong shapes and values) and CloudEvent headers: 10,000 by default. Every request must be answered, within a
 * bound (the 15 s answer deadline), below 500, as a JSON {"error","code"} when it is an error, naming no Java
 * class; at the end the service must be alive, have left no temporary file behind and hold a bounded RSS.
 * FUZZ_REQUESTS and FUZZ_SEED (environment) change the count and the seed.
 */
@QuarkusIntegrationTest
class GeneratedRequestsIT {
    static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jakarta|com\\.fasterxml|io\\.vertx|io\\.netty|"
            + "io\\.quarkus|ai\\.emotion)\\.[a-z]");
    static final String[] POSTS = { "/api/v1/predict/emotion", "/api/v1/predict/keypoints", "/api/v1/predict/both",
            "/api/v1/predict/file", "/api/v1/analyze", "/predict", "/emotion", "/keypoints", "/analyze", "/",
            "/v1/models/emotion:predict", "/v1/models/keypoints/versions/1:predict", "/v1/models/emotion:classify",
            "/v2/models/emotion/infer", "/v2/models/keypoints/versions/1/infer", "/v2/models/nope/infer",
            "/admin/models/reload", "/api/v1/video", "/video", "/api/v1/analyze/batch" };
    static final String[] GETS = { "/v1/models/emotion", "/v1/models/emotion/versions/99/metadata", "/v2/models/x",
            "/v2/models/emotion/versions/abc/ready", "/v2", "/q/health/ready", "/nope", "/api/v1/analyze" };
    static final String[] TYPES = { "application/json", "image/jpeg", "image/png", "image/", "text/plain",
            "multipart/form-data; boundary=xyz", "application/cloudevents+json", "application/x-www-form-urlencoded",
            null, "a/b/c", "image/webp", "application/json; charset=utf-16" };

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The bound on the service's resident memory after the suite (sequential requests; no -Xmx given). */
    static final long MAX_RSS_MB = 768;
    Random random;
    String face;

    @Test
    void generatedHostileRequestsGetPreciseAnswers() throws Exception {
        long seed = Long.parseLong(System.getenv().getOrDefault("FUZZ_SEED", "20261201"));
        int count = Integer.parseInt(System.getenv().getOrDefault("FUZZ_REQUESTS", "10000"));
        random = new Random(seed);
        face = Base64.getEncoder().encodeToString(Files.readAllBytes(
                Path.of("models-onnx/emotion/2/test_vectors/input_0.png")));
        long tempBefore = temporaryFiles();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < count && problems.size() < 20; i++) {
            HttpRequest request = generate();
            long start = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                problems.add("#" + i + " " + request.method() + " " + request.uri() + " "
                        + request.headers().firstValue("Content-Type").orElse("-") + " " + request.headers().map()
                        .keySet() + ": no answer (" + e + ")");
                continue;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            String what = "#" + i + " " + request.method() + " " + request.uri().getPath() + " "
                    + request.headers().firstValue("Content-Type").orElse("-") + " -> " + answer.statusCode() + " "
                    + answer.body().substring(0, Math.min(200, answer.body().length()));
            if (answer.statusCode() >= 500 && answer.statusCode() != 503) {
                problems.add(what);
            } else if (answer.statusCode() >= 400 && !(answer.body().contains("\"error\"")
                    && answer.body().contains("\"code\""))) {
                problems.add("not a JSON error: " + what);
            } else if (CLASS_NAME.matcher(answer.body()).find()) {
                problems.add("names a Java class: " + what);
            } else if (ms > 16_000) { // the answer deadline (15 s) bounds a body that never ends
                problems.add("answered after " + ms + " ms: " + what);
            }
        }
        Thread.sleep(1000); // upload deletion is asynchronous
        long rssMb = serviceRssMb();
        System.out.println("generated requests: " + count + " (seed " + seed + "), statuses " + statuses
                + ", service RSS after " + rssMb + " MB");
        assertEquals(tempBefore, temporaryFiles(), "uploads or OpenCV temporary files were left behind");
        assertTrue(rssMb < MAX_RSS_MB, "service RSS " + rssMb + " MB after the suite");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(uri("/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), "the service is alive after the suite");
    }

    /** The service's uploads and OpenCV's temporary files (the packaged jar shares this machine's tmpdir). */
    static long temporaryFiles() throws java.io.IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long count = 0;
        for (Path folder : List.of(tmp, tmp.resolve("emotion-ai-uploads"))) {
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    count += files.filter(f -> folder.endsWith("emotion-ai-uploads")
                            || f.getFileName().toString().startsWith("__opencv_temp")).count();
                }
            }
        }
        return count;
    }

    /** Resident memory of the packaged service, a child process of this JVM (Linux /proc); -1 if not found. */
    static long serviceRssMb() throws java.io.IOException {
        var service = ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("quarkus-run.jar")).findFirst();
        if (service.isEmpty() || !Files.exists(Path.of("/proc/" + service.get().pid() + "/status"))) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + service.get().pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    HttpRequest generate() throws java.io.IOException {
        if (random.nextInt(10) == 0) {
            return HttpRequest.newBuilder(uri(pick(GETS))).timeout(Duration.ofSeconds(15)).GET().build();
        }
        String path = pick(POSTS);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15));
        if (path.endsWith("/video") || path.equals("/api/v1/analyze/batch")) {
            return videoOrBatch(path, request);
        }
        String type = random.nextInt(4) == 0 ? pick(TYPES) : path.startsWith("/api/v1/analyze") && random.nextBoolean()
                ? "image/png" : "application/json";
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (path.equals("/") || random.nextInt(8) == 0) {
            cloudEventHeaders(request);
        }
        if (random.nextInt(10) == 0) {
            request.header(random.nextBoolean() ? "Authorization" : "X-Caller-Key", text(random.nextInt(300)));
        }
        byte[] body = type != null && type.startsWith("image/") ? imageBytes() : jsonBody(path).getBytes(StandardCharsets.UTF_8);
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A video (raw, multipart, or as a CloudEvent) or a batch (JSON, zip, multipart), often hostile. */
    HttpRequest videoOrBatch(String path, HttpRequest.Builder request) throws java.io.IOException {
        boolean video = path.endsWith("/video");
        if (path.equals("/video") || random.nextInt(8) == 0) {
            cloudEventHeaders(request);
        }
        if (random.nextInt(3) == 0) {
            String query = pick(new String[] { "fps=", "frames=", "smoothing=", "max_faces=", "model_version=" })
                    + pick(new String[] { "0", "-1", "2", "true", "1e9", "NaN", "x", "" });
            request.uri(uri(path + "?" + query + "&" + pick(new String[] { "fps=5", "frames=true", "a=b" })));
        }
        if (random.nextInt(6) == 0) {
            request.header("Accept", pick(new String[] { "text/csv", "application/x-ndjson", "image/png", "*/*" }));
        }
        byte[] body;
        String type;
        int form = random.nextInt(video ? 4 : 5);
        if (form == 0) { // multipart with one or several files
            String boundary = "fuzz" + random.nextInt(1000);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                        + pick(new String[] { "file", "file", "fps", "x" }) + "\"; filename=\"f\"\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.writeBytes(video ? videoBytes() : imageBytes());
                out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(("--" + boundary + (random.nextInt(5) == 0 ? "" : "--") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body = out.toByteArray();
            type = "multipart/form-data; boundary=" + boundary;
        } else if (video) {
            body = videoBytes();
            type = pick(new String[] { "video/mp4", "video/mp4", "video/quicktime", "video/webm", "image/png",
                "application/octet-stream", "application/json" });
        } else if (form == 1) {
            body = zipBytes();
            type = "application/zip";
        } else {
            List<String> images = new ArrayList<>();
            for (int i = 0, n = random.nextInt(4) == 0 ? 101 : random.nextInt(6); i < n; i++) {
                images.add(random.nextInt(3) == 0 ? jsonValue(1) : "\"" + (random.nextBoolean() ? face
                        : Base64.getEncoder().encodeToString(imageBytes())) + "\"");
            }
            body = (random.nextInt(6) == 0 ? jsonValue(2) : "{\"images\": [" + String.join(",", images) + "]"
                    + (random.nextBoolean() ? ", \"max_faces\": " + jsonValue(1) : "") + "}")
                    .getBytes(StandardCharsets.UTF_8);
            type = "application/json";
        }
        request.header("Content-Type", type);
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Videos: none, noise, the committed clips whole, cut short, with bytes flipped, or with a lying frame size. */
    byte[] videoBytes() throws java.io.IOException {
        byte[] clip = Files.readAllBytes(Path.of("src/test/resources/video", pick(new String[] {
            "bframes-high.mp4", "rotated.mp4", "vp8.webm" })));
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(random.nextInt(50_000));
            case 2 -> clip;
            case 3 -> truncated(clip);
            case 4 -> {
                for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
                    clip[random.nextInt(clip.length)] = (byte) random.nextInt(256);
                }
                yield clip;
            }
            case 5 -> { // the sample entry's width and height (avc1 box, 28 bytes after its type) set huge
                String text = new String(clip, StandardCharsets.ISO_8859_1);
                int at = text.indexOf("avc1");
                if (at > 0 && at + 32 < clip.length) {
                    clip[at + 28] = clip[at + 29] = clip[at + 30] = clip[at + 31] = (byte) 0xff;
                }
                yield clip;
            }
            default -> Base64.getDecoder().decode(face); // a photo, not a video
        };
    }

    /** Zips of photos and junk, sometimes one entry that inflates far past the batch's byte limit. */
    byte[] zipBytes() throws java.io.IOException {
        if (random.nextInt(6) == 0) {
            return randomBytes(random.nextInt(3000));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (int i = 0, n = random.nextInt(5); i < n; i++) {
                zip.putNextEntry(new java.util.zip.ZipEntry(pick(new String[] { "a.png", "d/", ".hidden",
                    "__MACOSX/x", "../../etc/passwd", "x".repeat(300) }) + i));
                zip.write(random.nextBoolean() ? Base64.getDecoder().decode(face) : imageBytes());
            }
            if (random.nextInt(8) == 0) {
                zip.putNextEntry(new java.util.zip.ZipEntry("bomb.png"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 70; i++) {
                    zip.write(zeros);
                }
            }
        }
        return out.toByteArray();
    }

    void cloudEventHeaders(HttpRequest.Builder request) {
        String[] types = { "ai.emotion.emotion.request", "ai.emotion.analyze.request", "ai.emotion.unknown", "",
            "ai.emotion.video.request" };
        if (random.nextInt(5) > 0) {
            request.header("ce-specversion", random.nextBoolean() ? "1.0" : text(3));
        }
        request.header("ce-id", String.valueOf(random.nextInt()));
        if (random.nextInt(5) > 0) {
            request.header("ce-type", pick(types));
        }
        request.header("ce-source", "fuzz");
    }

    byte[] imageBytes() {
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(random.nextInt(2048));
            case 2 -> Base64.getDecoder().decode(face);
            case 3 -> truncated(Base64.getDecoder().decode(face));
            case 4 -> TestDataHeaders.png(random.nextInt(70_000), random.nextInt(70_000));
            case 5 -> ("#?RADIANCE\n\n-Y " + random.nextInt(90_000) + " +X 9\n").getBytes();
            default -> TestDataHeaders.webp(random.nextInt(16_384), random.nextInt(16_384));
        };
    }

    String jsonBody(String path) {
        if (path.startsWith("/v2/")) {
            return kserve();
        }
        if (path.startsWith("/v1/")) {
            return tfServing();
        }
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> new String(randomBytes(random.nextInt(500)), StandardCharsets.ISO_8859_1);
            case 2 -> "{\"image\": " + jsonValue(2) + "}";
            case 3 -> "{\"image\": \"" + face + "\", \"model_version\": " + jsonValue(1) + "}";
            case 4 -> "{\"image\": \"" + face + "\", \"max_faces\": " + jsonValue(1) + ", \"min_face_size\": "
                    + jsonValue(1) + "}";
            case 5 -> "{\"image\": \"" + Base64.getEncoder().encodeToString(randomBytes(random.nextInt(3000))) + "\"}";
            case 6 -> "{\"image\": \"" + Base64.getEncoder().encodeToString(TestDataHeaders.png(60_000, 60_000)) + "\"}";
            case 7 -> "{\"image\": \"data:image/png;base64," + face.substring(0, random.nextInt(face.length())) + "\"}";
            case 8 -> "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"f\", \"type\": "
                    + "\"ai.emotion.emotion.request\", \"datacontenttype\": " + jsonValue(1) + ", \"data\": "
                    + jsonValue(2) + "}";
            case 9 -> jsonValue(3);
            case 10 -> "{\"image\": \"" + face + "\"" + ",\"x\":".repeat(random.nextInt(3)) + "}";
            default -> "{\"image\": \"" + face + "\"}";
        };
    }

    String kserve() {
        String shape = "[" + dims() + "]";
        String datatype = pick(new String[] { "\"FP32\"", "\"BYTES\"", "\"INT8\"", "null", "7" });
        String data = random.nextBoolean() ? "[\"" + face + "\"]" : "[" + numbers(random.nextInt(2400)) + "]";
        String input = random.nextInt(6) == 0 ? jsonValue(1)
                : "{\"name\": " + pick(new String[] { "\"input\"", "\"image\"", "null", "\"" + text(80) + "\"" })
                        + ", \"shape\": " + shape + ", \"datatype\": " + datatype + ", \"data\": " + data + "}";
        String outputs = random.nextBoolean() ? "" : ", \"outputs\": [" + jsonValue(1) + "]";
        return "{\"id\": " + jsonValue(1) + ", \"inputs\": [" + input + "]" + outputs + "}";
    }

    String tfServing() {
        String instance = switch (random.nextInt(4)) {
            case 0 -> "{\"b64\": \"" + face + "\"}";
            case 1 -> "{\"b64\": " + jsonValue(1) + "}";
            case 2 -> "[" + numbers(random.nextInt(2400)) + "]";
            default -> jsonValue(2);
        };
        return random.nextBoolean() ? "{\"instances\": [" + instance + "]}"
                : "{\"inputs\": " + instance + ", \"signature_name\": " + jsonValue(1) + "}";
    }

    String dims() {
        List<String> dims = new ArrayList<>();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            dims.add(pick(new String[] { "1", "48", "96", "0", "-1", "null", "3000000000", "2.5", "\"a\"" }));
        }
        return String.join(",", dims);
    }

    String numbers(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append(pick(new String[] { "0.5", "1e39", "-3e38", "0", "1" }));
        }
        return out.toString();
    }

    String jsonValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextInt(2001) - 1000);
            case 2 -> "\"" + text(random.nextInt(40)) + "\"";
            case 3 -> random.nextBoolean() ? "true" : "1e400";
            case 4 -> "\"" + "x".repeat(random.nextInt(5000)) + "\"";
            case 5 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
            case 6 -> "{\"a\": " + jsonValue(depth - 1) + "}";
            default -> "{\"emotion\": " + jsonValue(depth - 1) + ", \"keypoints\": " + jsonValue(depth - 1) + "}";
        };
    }

    String text(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    byte[] truncated(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Image headers declaring a size, without pixel data. */
    static final class TestDataHeaders {
        static byte[] png(int width, int height) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
            b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R' });
            b.putInt(width).putInt(height).put(new byte[] { 8, 0, 0, 0, 0 });
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(b.array(), 12, 17);
            b.putInt((int) crc.getValue());
            return b.array();
        }

        static byte[] webp(int width, int height) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(60).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put("RIFF".getBytes()).putInt(52).put("WEBP".getBytes()).put("VP8X".getBytes()).putInt(10).putInt(0);
            int w = Math.max(0, width - 1);
            int h = Math.max(0, height - 1);
            b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16)).put((byte) h).put((byte) (h >> 8))
                    .put((byte) (h >> 16));
            return b.array();
        }
    }
}

package ai.emotion.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;

/**
 * Whole-photo figures (prints, asserts nothing): (1) through the HTTP endpoint of a running service, faces
 * found and NME of the 15 keypoints on the people keypoints/1 never saw in training (listed in its model.json);
 * (2) a 640x480 photo with one face: end-to-end HTTP latency, and the service's own decode, detector, crop
 * and inference times over the same requests (its stage timers on /q/metrics).
 * Run: infra/bench/analyze-benchmark.sh (arguments: URL [--quality-only | --latency-only] [--versions 2,4]:
 * with --versions, the latency part alternates the given emotion versions instead)
 */
public final class AnalyzeBenchmark {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080";
        String only = "";
        java.util.List<String> versions = java.util.List.of("");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quality-only", "--latency-only" -> only = args[i];
                case "--versions" -> versions = java.util.List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        if (!only.equals("--latency-only")) {
            heldOutQuality(url, client, new ObjectMapper());
        }
        if (!only.equals("--quality-only")) {
            if (versions.size() == 1) {
                httpLatency(url, client, photo640x480());
            } else {
                interleavedLatency(url, client, photo640x480(), versions);
            }
        }
    }

    static JsonNode post(HttpClient client, String url, byte[] jpeg, ObjectMapper json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/analyze"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build();
        return json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    static void heldOutQuality(String url, HttpClient client, ObjectMapper json) throws Exception {
        JsonNode meta = json.readTree(Path.of("models-onnx/keypoints/1/model.json").toFile());
        Set<String> people = new java.util.HashSet<>();
        meta.path("training").path("validation_people").forEach(p -> people.add(p.asText()));
        int photos = 0;
        int found = 0;
        double nmeSum = 0;
        for (LandmarkPhoto photo : TestData.landmarkPhotos(Integer.MAX_VALUE)) {
            if (!people.contains(person(photo.file()))) {
                continue;
            }
            photos++;
            JsonNode face = faceHolding(post(client, url, TestData.read(photo.file()), json), photo.mean(0, 68));
            if (face == null) {
                continue;
            }
            found++;
            double iod = Math.hypot(photo.points()[45][0] - photo.points()[36][0],
                    photo.points()[45][1] - photo.points()[36][1]);
            double err = 0;
            for (int i = 0; i < 15; i++) {
                double[] truth = photo.kaggle(i);
                JsonNode p = face.get("keypoints").get(i);
                err += Math.hypot(p.get("x").asDouble() - truth[0], p.get("y").asDouble() - truth[1]);
            }
            nmeSum += err / 15 / iod;
        }
        System.out.printf("%nheld-out people of keypoints/1 (%d people, %d photos as they are), through %s/api/v1/analyze%n",
                people.size(), photos, url);
        System.out.printf("faces found %.2f%%, NME of the 15 keypoints %.3f%% of the outer-eye-corner distance%n",
                100.0 * found / photos, 100 * nmeSum / found);
    }

    /** The name before "_<frame>.jpg", as conversion/emotion_ai_train/data/landmarks68.py splits people. */
    static String person(Path file) {
        String name = file.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return stem.contains("_") ? stem.substring(0, stem.lastIndexOf('_')) : stem;
    }

    static JsonNode faceHolding(JsonNode answer, double[] centre) {
        for (JsonNode face : answer.get("faces")) {
            JsonNode b = face.get("box");
            if (centre[0] >= b.get("x").asDouble() && centre[0] <= b.get("x").asDouble() + b.get("width").asDouble()
                    && centre[1] >= b.get("y").asDouble() && centre[1] <= b.get("y").asDouble() + b.get("height").asDouble()) {
                return face;
            }
        }
        return null;
    }

    /** A landmark photo scaled to a 300 px face region on a 640x480 gray canvas, as JPEG. */
    static byte[] photo640x480() throws Exception {
        BufferedImage face = ImageIO.read(TestData.landmarkPhotos(1).get(0).file().toFile());
        BufferedImage canvas = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, 640, 480);
        g.drawImage(face, 170, 90, 300, 300 * face.getHeight() / face.getWidth(), null);
        g.dispose();
        return TestData.encode(canvas, "jpg");
    }

    static void httpLatency(String url, HttpClient client, byte[] jpeg) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/analyze"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build();
        // long enough for both JVMs' JIT to settle: the client shares the two cores with the service
        for (int i = 0; i < 300; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        Map<String, double[]> before = serverTimers(client, url);
        double[] ms = new double[300];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            client.send(request, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Map<String, double[]> after = serverTimers(client, url);
        System.out.printf("%n640x480 JPEG, one face, HTTP /api/v1/analyze at concurrency 1 (%d requests): p50 %.2f ms, "
                + "p99 %.2f ms%n", ms.length, Benchmark.percentile(ms, 50), Benchmark.percentile(ms, 99));
        System.out.println("in the service, mean per request over the same requests (/q/metrics):");
        for (String name : after.keySet()) {
            double[] a = after.get(name);
            double[] b = before.getOrDefault(name, new double[2]);
            System.out.printf("  %-44s %7.2f ms%n", name, 1000 * (a[1] - b[1]) / Math.max(1, a[0] - b[0]));
        }
    }

    /**
     * The same photo with each emotion version in turn (?model_version=), 6 rounds of 50 requests per version,
     * so that the versions share the machine's state alike: whole-request p50 and p99 per version.
     */
    static void interleavedLatency(String url, HttpClient client, byte[] jpeg, java.util.List<String> versions)
            throws Exception {
        Map<String, HttpRequest> requests = new LinkedHashMap<>();
        for (String v : versions) {
            requests.put(v, HttpRequest.newBuilder(URI.create(url + "/api/v1/analyze?model_version=" + v))
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
        }
        for (int i = 0; i < 300; i++) {
            for (HttpRequest request : requests.values()) {
                client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        }
        Map<String, double[]> ms = new LinkedHashMap<>();
        versions.forEach(v -> ms.put(v, new double[300]));
        for (int round = 0; round < 6; round++) {
            for (String v : versions) {
                for (int i = 0; i < 50; i++) {
                    long t0 = System.nanoTime();
                    var answer = client.send(requests.get(v), HttpResponse.BodyHandlers.ofString());
                    ms.get(v)[round * 50 + i] = (System.nanoTime() - t0) / 1e6;
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("emotion version " + v + ": HTTP " + answer.statusCode()
                                + " " + answer.body());
                    }
                }
            }
        }
        System.out.printf("%n640x480 JPEG, one face, HTTP /api/v1/analyze at concurrency 1, versions interleaved "
                + "(6 rounds x 50 requests each)%n%-18s %10s %10s%n", "emotion version", "p50 ms", "p99 ms");
        ms.forEach((v, t) -> System.out.printf("%-18s %10.2f %10.2f%n", v, Benchmark.percentile(t, 50),
                Benchmark.percentile(t, 99)));
    }

    /** {count, seconds} of the analyze stage timers and of the server-side request timer, by name. */
    static Map<String, double[]> serverTimers(HttpClient client, String url) throws Exception {
        String text = client.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, double[]> timers = new LinkedHashMap<>();
        Matcher m = Pattern.compile(
                "(?m)^(emotion_ai_analyze_stage_seconds|http_server_requests_seconds)_(count|sum)\\{([^}]*)\\} (\\S+)$")
                .matcher(text);
        while (m.find()) {
            String labels = m.group(3);
            String name;
            if (m.group(1).startsWith("emotion_ai")) {
                name = "stage " + labels.replaceAll(".*stage=\"([^\"]+)\".*", "$1");
            } else if (labels.contains("uri=\"/api/v1/analyze\"") && labels.contains("status=\"200\"")) {
                name = "whole request (server side, HTTP timer)";
            } else {
                continue;
            }
            double[] countAndSum = timers.computeIfAbsent(name, k -> new double[2]);
            countAndSum[m.group(2).equals("count") ? 0 : 1] = Double.parseDouble(m.group(4));
        }
        return timers;
    }
}

package ai.emotion.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;

import org.opencv.core.Mat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.emotion.TestConfig;
import ai.emotion.TestData;
import ai.emotion.TestData.LandmarkPhoto;
import ai.emotion.engine.Predictor;
import ai.emotion.engine.SessionLoader;
import ai.emotion.engine.SessionOptionsFactory;
import ai.emotion.model.ModelFolder;
import ai.emotion.vision.DetectedFace;
import ai.emotion.vision.FaceCropper;
import ai.emotion.vision.ImageDecoder;
import ai.emotion.vision.MatScope;
import ai.emotion.vision.TensorPacker;
import ai.emotion.vision.YuNetFaceDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Whole-photo figures (prints, asserts nothing): (1) through the HTTP endpoint of a running service, faces
 * found and NME of the 15 keypoints on the people keypoints/1 never saw in training (listed in its model.json);
 * (2) a 640x480 photo with one face: end-to-end HTTP latency, and in-process decode, detector, crop and
 * inference times measured separately.
 * Run: infra/bench/analyze-benchmark.sh
 */
public final class AnalyzeBenchmark {
    static final String YUNET = TestData.SHARED.resolve("models/face_detection_yunet/face_detection_yunet_2023mar.onnx")
            .toString();

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080";
        boolean latencyOnly = args.length > 1 && args[1].equals("--latency-only");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        if (!latencyOnly) {
            heldOutQuality(url, client, json);
        }
        byte[] photo = photo640x480();
        httpLatency(url, client, photo);
        if (!latencyOnly) {
            inProcessBreakdown(photo);
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
        for (int i = 0; i < 30; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        double[] ms = new double[200];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            client.send(request, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("%n640x480 JPEG, one face, HTTP /api/v1/analyze at concurrency 1: p50 %.2f ms, p99 %.2f ms%n",
                Benchmark.percentile(ms, 50), Benchmark.percentile(ms, 99));
    }

    static void inProcessBreakdown(byte[] jpeg) {
        nu.pattern.OpenCV.loadLocally();
        var config = TestConfig.with(Map.of("emotion-ai.face-detector.model", YUNET));
        ImageDecoder decoder = new ImageDecoder(config);
        YuNetFaceDetector detector = new YuNetFaceDetector(config.faceDetector(), YUNET);
        SessionLoader loader = new SessionLoader(new SessionOptionsFactory(config.engine()), Optional.empty(),
                new SimpleMeterRegistry());
        List<Predictor> models = new ArrayList<>();
        for (ModelFolder folder : ModelFolder.scan(Path.of("models-onnx"))) {
            if (folder.metadata().name().equals("keypoints") || folder.metadata().version().equals("2")) {
                models.add(loader.load(folder));
            }
        }
        int runs = 200;
        double[][] ms = new double[4][runs];
        for (int r = -30; r < runs; r++) {
            try (MatScope scope = new MatScope()) {
                long t0 = System.nanoTime();
                Mat bgr = decoder.decodeColor(jpeg, scope);
                Mat gray = ImageDecoder.toGray(bgr, scope);
                long t1 = System.nanoTime();
                DetectedFace face = detector.detect(bgr).get(0);
                long t2 = System.nanoTime();
                List<float[]> inputs = new ArrayList<>();
                for (Predictor p : models) {
                    float[] input = new float[p.inputItemSize()];
                    TensorPacker.pack(FaceCropper.crop(gray, face, p.metadata().preprocessing().crop(), scope).image(),
                            p.metadata().preprocessing(), input, 0, scope);
                    inputs.add(input);
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < models.size(); i++) {
                    models.get(i).run(inputs.get(i), 1);
                }
                long t4 = System.nanoTime();
                if (r >= 0) {
                    ms[0][r] = (t1 - t0) / 1e6;
                    ms[1][r] = (t2 - t1) / 1e6;
                    ms[2][r] = (t3 - t2) / 1e6;
                    ms[3][r] = (t4 - t3) / 1e6;
                }
            }
        }
        String[] names = { "decode + gray", "YuNet detection (max side " + config.faceDetector().maxSide() + ")",
                "crops (both models)", "inference (emotion/2 + keypoints/1)" };
        System.out.printf("%nin-process breakdown, same photo, p50 over %d runs:%n", runs);
        for (int i = 0; i < 4; i++) {
            System.out.printf("  %-38s %7.2f ms%n", names[i], Benchmark.percentile(ms[i], 50));
        }
        for (int side : new int[] { 640, 320 }) {
            var sized = TestConfig.with(Map.of("emotion-ai.face-detector.max-side", String.valueOf(side)));
            YuNetFaceDetector d = new YuNetFaceDetector(sized.faceDetector(), YUNET);
            double[] t = new double[runs];
            try (MatScope scope = new MatScope()) {
                Mat bgr = decoder.decodeColor(jpeg, scope);
                for (int r = -30; r < runs; r++) {
                    long t0 = System.nanoTime();
                    int found = d.detect(bgr).size();
                    if (r >= 0) {
                        t[r] = (System.nanoTime() - t0) / 1e6;
                    }
                    if (found != 1) {
                        throw new IllegalStateException("expected one face at max side " + side + ", found " + found);
                    }
                }
            }
            System.out.printf("  YuNet detection at max side %-10d %7.2f ms (one face found)%n", side,
                    Benchmark.percentile(t, 50));
        }
    }
}

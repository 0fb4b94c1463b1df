package ai.emotion.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Prints batch figures; it asserts nothing. The same photos sent to a running service twice at the same
 * concurrency: one POST /api/v1/analyze each, then POST /api/v1/analyze/batch of --batch photos each (multipart),
 * with the milliseconds per photo of both and their ratio, in one run.
 * <p>
 * Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.BatchBenchmark
 * -Dexec.args="--url http://localhost:8080 --photos ../shared/data/realphotos/images --count 1000 --batch 50 --concurrency 2"}.
 */
public final class BatchBenchmark {
    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8080";
        Path folder = Path.of("../shared/data/realphotos/images");
        int count = 1000;
        int batch = 50;
        int concurrency = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--photos" -> folder = Path.of(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<byte[]> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(count).toList()) {
                photos.add(Files.readAllBytes(f));
            }
        }
        HttpClient client = HttpClient.newHttpClient();
        String base = url;
        System.out.printf("cpu: %s, %d cores; %d photos from %s, concurrency %d%n", VideoBenchmark.cpu(),
                Runtime.getRuntime().availableProcessors(), photos.size(), folder, concurrency);
        // warm both paths
        run(client, base, photos.subList(0, Math.min(20, photos.size())), 1, concurrency);
        run(client, base, photos.subList(0, Math.min(20, photos.size())), Math.min(batch, 20), concurrency);
        double single = run(client, base, photos, 1, concurrency);
        double batched = run(client, base, photos, batch, concurrency);
        System.out.printf("single requests: %.2f ms/photo; batches of %d: %.2f ms/photo; batch/single = %.2f%n",
                single, batch, batched, batched / single);
    }

    /** Milliseconds per photo for all photos, sent alone (size 1) or in batches of {@code size}. */
    static double run(HttpClient client, String url, List<byte[]> photos, int size, int concurrency)
            throws Exception {
        List<List<byte[]>> groups = new ArrayList<>();
        for (int i = 0; i < photos.size(); i += size) {
            groups.add(photos.subList(i, Math.min(photos.size(), i + size)));
        }
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (List<byte[]> group : groups) {
            done.add(pool.submit(() -> {
                HttpRequest request = size == 1
                        ? HttpRequest.newBuilder(URI.create(url + "/api/v1/analyze")).header("Content-Type",
                                "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(group.get(0))).build()
                        : multipart(url + "/api/v1/analyze/batch", group);
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double ms = (System.nanoTime() - started) / 1e6 / photos.size();
        if (failed.get() > 0) {
            System.out.printf("  (%d requests failed)%n", failed.get());
        }
        return ms;
    }

    static HttpRequest multipart(String url, List<byte[]> photos) {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int i = 0;
        for (byte[] photo : photos) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p" + i++
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(photo);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary="
                + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}

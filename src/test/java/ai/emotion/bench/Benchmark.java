package ai.emotion.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.emotion.TestData;
import ai.emotion.model.ModelFolder;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Prints speed figures; it asserts nothing. Raw ONNX Runtime sessions per committed model (single-image
 * p50/p99, batch-32 throughput), then, for each URL given, HTTP POST /api/v1/predict/emotion with a real
 * FER2013 face at concurrency 1, 8, 32 and 64, and a side-by-side table of all servers (the service with
 * batching on and off, and the PyTorch-eager baseline) with the ratios the batching targets are about.
 * <p>
 * Run: infra/bench/benchmark.sh (starts all three servers), or
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.Benchmark
 * -Dexec.args="--url on=http://localhost:8080 --url off=http://localhost:8081 --url baseline=http://localhost:8090"};
 * {@code --models DIR} times the raw sessions of another model repository, {@code --no-raw} skips them.
 */
public final class Benchmark {

    static final int[] CONCURRENCY = { 1, 8, 32, 64 };

    /** One concurrency level's figures. */
    record Level(double p50, double p99, double rps, int errors) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        int requests = 400;
        boolean raw = true;
        List<Path> models = new ArrayList<>();
        List<String> only = new ArrayList<>();
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> {
                    String spec = args[++i];
                    int eq = spec.indexOf('=');
                    urls.put(eq < 0 ? spec : spec.substring(0, eq), eq < 0 ? spec : spec.substring(eq + 1));
                }
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--no-raw" -> raw = false;
                case "--models" -> models.add(Path.of(args[++i]));
                case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (raw) {
            rawSessions(models.isEmpty() ? List.of(Path.of("models-onnx")) : models, only, rounds);
        }
        if (urls.isEmpty()) {
            return;
        }
        String body = "{\"image\": \"" + TestData.base64(TestData.ferFaces("PublicTest", 3, 1).get(0)) + "\"}";
        Map<String, Level[]> results = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> url : urls.entrySet()) {
            results.put(url.getKey(), http(url.getValue(), body, requests));
        }
        sideBySide(results);
    }

    /** All servers per concurrency level, then batching on vs off and on vs baseline where those ran. */
    static void sideBySide(Map<String, Level[]> results) {
        if (results.size() < 2) {
            return;
        }
        System.out.printf("%nside by side (p50 ms / p99 ms / req/s)%n%-12s", "concurrency");
        results.keySet().forEach(name -> System.out.printf(" %26s", name));
        boolean ratios = results.containsKey("on") && results.containsKey("off");
        boolean baseline = results.containsKey("on") && results.containsKey("baseline");
        boolean previous = results.containsKey("off") && results.containsKey("previous");
        System.out.printf("%s%s%s%n", ratios ? "   on/off req/s  on/off p99" : "", baseline ? "  on/baseline req/s" : "",
                previous ? "  off/previous req/s  off/previous p50" : "");
        for (int c = 0; c < CONCURRENCY.length; c++) {
            System.out.printf("%-12d", CONCURRENCY[c]);
            for (Level[] levels : results.values()) {
                Level l = levels[c];
                System.out.printf(" %26s", String.format("%.1f / %.1f / %.0f", l.p50(), l.p99(), l.rps()));
            }
            if (ratios) {
                Level on = results.get("on")[c];
                Level off = results.get("off")[c];
                System.out.printf(" %14.2fx %10.2fx", on.rps() / off.rps(), on.p99() / off.p99());
            }
            if (baseline) {
                System.out.printf(" %18.1fx", results.get("on")[c].rps() / results.get("baseline")[c].rps());
            }
            if (previous) {
                Level off = results.get("off")[c];
                Level prev = results.get("previous")[c];
                System.out.printf(" %18.2fx %17.2fx", off.rps() / prev.rps(), off.p50() / prev.p50());
            }
            System.out.println();
        }
    }

    /**
     * Every model's session is opened first, then timed in `rounds` interleaved rounds (100 single-image runs and
     * 6 batch-32 runs per model per round), so that the machine's drift over the run affects all alike.
     */
    static void rawSessions(List<Path> roots, List<String> only, int rounds) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, ModelFolder> folders = new java.util.LinkedHashMap<>();
        for (Path root : roots) {
            for (ModelFolder f : ModelFolder.scan(root)) {
                String id = f.metadata().id().toString();
                if (f.metadata().isTensorModel() && (only.isEmpty() || only.contains(id))) {
                    folders.putIfAbsent(id, f);
                }
            }
        }
        System.out.printf("%nraw ONNX Runtime session (CPU, default threads, %d cores), %d interleaved rounds%n",
                Runtime.getRuntime().availableProcessors(), rounds);
        Map<String, OrtSession> sessions = new java.util.LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            for (Map.Entry<String, ModelFolder> e : folders.entrySet()) {
                sessions.put(e.getKey(), env.createSession(e.getValue().modelFile().toString(), options));
            }
        }
        Map<String, List<Double>> single = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> batch = new java.util.LinkedHashMap<>();
        try {
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, OrtSession> e : sessions.entrySet()) {
                    ModelFolder folder = folders.get(e.getKey());
                    int item = folder.metadata().input().itemSize();
                    long side = folder.metadata().preprocessing().width();
                    for (double ms : time(env, e.getValue(), item, side, 1, 100)) {
                        single.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ms);
                    }
                    for (double ms : time(env, e.getValue(), item, side, 32, 6)) {
                        batch.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ms);
                    }
                }
            }
        } finally {
            for (OrtSession session : sessions.values()) {
                session.close();
            }
        }
        System.out.printf("%-14s %-10s %10s %10s %18s%n", "model", "precision", "p50 ms", "p99 ms", "batch-32 img/s");
        for (String id : sessions.keySet()) {
            double[] one = single.get(id).stream().mapToDouble(Double::doubleValue).toArray();
            double[] many = batch.get(id).stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("%-14s %-10s %10.3f %10.3f %18.0f%n", id, folders.get(id).metadata().precision(),
                    percentile(one, 50), percentile(one, 99), 32_000 / percentile(many, 50));
        }
    }

    /** Milliseconds per run of `runs` timed runs after 20 warm-up runs. */
    static double[] time(OrtEnvironment env, OrtSession session, int item, long side, int batch, int runs)
            throws Exception {
        float[] input = new float[batch * item];
        Arrays.fill(input, 0.5f);
        double[] ms = new double[runs];
        for (int r = -20; r < runs; r++) {
            long start = System.nanoTime();
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] { batch, 1, side, side });
                    OrtSession.Result result = session.run(Map.of("input", t))) {
                result.get(0);
            }
            if (r >= 0) {
                ms[r] = (System.nanoTime() - start) / 1e6;
            }
        }
        return ms;
    }

    static Level[] http(String url, String body, int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/predict/emotion"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < 30; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        System.out.printf("%nHTTP %s/api/v1/predict/emotion, %d requests per level%n", url, requests);
        System.out.printf("%-12s %10s %10s %12s %8s%n", "concurrency", "p50 ms", "p99 ms", "req/s", "errors");
        Level[] levels = new Level[CONCURRENCY.length];
        for (int c = 0; c < CONCURRENCY.length; c++) {
            int concurrency = CONCURRENCY[c];
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            double[] ms = new double[requests];
            int[] errors = new int[1];
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                            synchronized (errors) {
                                errors[0]++;
                            }
                        }
                    } catch (Exception e) {
                        synchronized (errors) {
                            errors[0]++;
                        }
                    }
                    ms[index] = (System.nanoTime() - t0) / 1e6;
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            levels[c] = new Level(percentile(ms, 50), percentile(ms, 99), requests / seconds, errors[0]);
            System.out.printf("%-12d %10.2f %10.2f %12.1f %8d%n", concurrency, levels[c].p50(), levels[c].p99(),
                    levels[c].rps(), errors[0]);
        }
        return levels;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}

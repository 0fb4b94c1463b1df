package ai.emotion.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints video figures; it asserts nothing. Each clip goes to a running service's /api/v1/video as a streamed
 * (NDJSON) request: wall time against the clip's duration (the real-time factor), the service's own split of its
 * seconds (decoding vs analysis, and within analysis the detect / crop / inference stages from its Prometheus
 * stage timers, read before and after), and, with --pid, the service's resident memory at every minute of video
 * time (flat memory over a long clip is the target).
 * <p>
 * Run: infra/bench/video-benchmark.sh (makes the clips with ffmpeg, starts the jar as the README does), or
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=ai.emotion.bench.VideoBenchmark
 * -Dexec.args="--url http://localhost:8080 --fps 10 --pid 1234 --clip a.mp4 --clip b.mp4"}.
 */
public final class VideoBenchmark {
    static final Pattern STAGE = Pattern.compile(
            "^emotion_ai_analyze_stage_seconds_sum\\{[^}]*stage=\"([a-z]+)\"[^}]*\\} ([0-9.eE+-]+)$");

    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8080";
        double fps = 10;
        long pid = -1;
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--fps" -> fps = Double.parseDouble(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--clip" -> clips.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient client = HttpClient.newHttpClient();
        ObjectMapper mapper = new ObjectMapper();
        System.out.printf("cpu: %s, %d cores%n", cpu(), Runtime.getRuntime().availableProcessors());
        for (Path clip : clips) {
            Map<String, Double> before = stages(client, url);
            long rssBefore = rssMb(pid);
            List<String> rssByMinute = new ArrayList<>();
            int nextMinute = 1;
            long started = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/video?fps=" + fps))
                    .header("Content-Type", "video/mp4").header("Accept", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofFile(clip)).build();
            HttpResponse<java.io.InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            JsonNode summary = null;
            double firstFrame = -1;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode event = mapper.readTree(line);
                    String type = event.path("type").asText();
                    if (type.equals("frame")) {
                        if (firstFrame < 0) {
                            firstFrame = (System.nanoTime() - started) / 1e9;
                        }
                        if (event.get("time").asDouble() >= 60 * nextMinute) {
                            rssByMinute.add(nextMinute + "min:" + rssMb(pid));
                            nextMinute++;
                        }
                    } else if (type.equals("summary")) {
                        summary = event;
                    } else {
                        System.out.println("error: " + line);
                    }
                }
            }
            double wall = (System.nanoTime() - started) / 1e9;
            if (response.statusCode() != 200 || summary == null) {
                System.out.printf("%s: HTTP %d, no summary%n", clip, response.statusCode());
                continue;
            }
            Map<String, Double> after = stages(client, url);
            double duration = summary.at("/video/duration").asDouble();
            JsonNode s = summary.at("/analysis/seconds");
            double analysis = s.get("analysis").asDouble();
            System.out.printf("%s: %dx%d %s, %.1f s at %.0f fps; %d frames decoded, %d analysed at %.0f fps%n",
                    clip.getFileName(), summary.at("/video/width").asInt(), summary.at("/video/height").asInt(),
                    summary.at("/video/codec").asText(), duration, summary.at("/video/fps").asDouble(),
                    summary.at("/analysis/frames_decoded").asLong(), summary.at("/analysis/frames_analyzed").asLong(),
                    fps);
            System.out.printf("  wall %.1f s = %.2fx real time; first frame line after %.2f s; tracks %d%n", wall,
                    duration / wall, firstFrame, summary.get("tracks").size());
            System.out.printf("  service seconds: decode %.1f (%.0f%%), analysis %.1f (%.0f%%)", s.get("decode")
                    .asDouble(), 100 * s.get("decode").asDouble() / s.get("total").asDouble(), analysis,
                    100 * analysis / s.get("total").asDouble());
            for (String stage : List.of("detect", "crop", "inference")) {
                double spent = after.getOrDefault(stage, 0.0) - before.getOrDefault(stage, 0.0);
                System.out.printf(", %s %.1f", stage, spent);
            }
            System.out.println();
            if (pid > 0) {
                System.out.printf("  RSS MB: before %d, %s, after %d%n", rssBefore, String.join(" ", rssByMinute),
                        rssMb(pid));
            }
        }
    }

    /** The service's analysis stage timers (seconds spent so far, per stage). */
    static Map<String, Double> stages(HttpClient client, String url) throws Exception {
        Map<String, Double> sums = new LinkedHashMap<>();
        String metrics = client.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            Matcher m = STAGE.matcher(line);
            if (m.matches()) {
                sums.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return sums;
    }

    static long rssMb(long pid) throws Exception {
        if (pid <= 0) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static String cpu() throws Exception {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }
}

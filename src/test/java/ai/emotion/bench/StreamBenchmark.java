package ai.emotion.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Live socket figures (prints, asserts nothing): 1 and then 4 concurrent 640x480 streams of a moving face, each
 * sent as a camera would (fixed rate, the service's latest frame wins); per stream and overall: frames per second
 * served and per-frame latency (send to result) p50 / p99.
 * Run: infra/bench/stream-benchmark.sh (arguments: URL [fps] [seconds] [stream counts, e.g. 1,4])
 */
public final class StreamBenchmark {
    public static void main(String[] args) throws Exception {
        URI url = LiveClient.liveUrl(args.length > 0 ? args[0] : "http://localhost:8080");
        double fps = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        String[] counts = (args.length > 3 ? args[3] : "1,4").split(",");
        List<byte[]> frames = StreamFrames.movingFace(100);
        // warm-up: JIT and the sessions' first runs are not the sustained rate
        LiveStream.run(url, frames, fps, 3, 0, null);
        for (String count : counts) {
            int streams = Integer.parseInt(count.trim());
            System.out.printf(Locale.ROOT, "%n== %d stream(s) of 640x480 at %.0f fps for %.0f s%n", streams, fps,
                    seconds);
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            List<Future<LiveStream.Figures>> runs = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                runs.add(pool.submit(() -> LiveStream.run(url, frames, fps, seconds, 0, null)));
            }
            List<Double> all = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < streams; i++) {
                LiveStream.Figures f = runs.get(i).get();
                System.out.println("stream " + (i + 1) + ": " + f.summary());
                all.addAll(f.latenciesMs());
                total += f.fps();
            }
            pool.shutdown();
            LiveStream.Figures overall = new LiveStream.Figures(0, 0, 0, 1, all, 0, 0);
            System.out.printf(Locale.ROOT, "all %d: %.1f fps served in total (%.1f per stream), latency p50 %.1f ms, "
                    + "p99 %.1f ms%n", streams, total, total / streams, overall.percentile(50),
                    overall.percentile(99));
        }
    }
}

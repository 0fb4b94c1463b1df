package ai.emotion.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One stream as a camera sends it: frames at a fixed rate whatever the answers (the service's latest frame wins),
 * optionally holding back while {@code maxInFlight} frames are unanswered, as the demo page does. Latency is a
 * frame's send to its result's arrival, matched by frame number.
 */
public final class LiveStream {
    /** What one stream measured. */
    public record Figures(int sent, int served, int errors, double seconds, List<Double> latenciesMs,
            long supersededAtService, long overRateAtService) {
        public double fps() {
            return served / seconds;
        }

        public double percentile(double p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p / 100 * sorted.size())));
        }

        public String summary() {
            return String.format(Locale.ROOT, "sent %d, served %d (%.1f fps), errors %d, dropped at the service %d "
                    + "superseded + %d over rate, latency p50 %.1f ms, p99 %.1f ms", sent, served, fps(), errors,
                    supersededAtService, overRateAtService, percentile(50), percentile(99));
        }
    }

    private LiveStream() {
    }

    /**
     * Streams {@code frames} (looping) to {@code url} at {@code fps} for {@code seconds}; every message also goes
     * to {@code onMessage} (may be null). Waits a second after the last frame for the last results.
     */
    public static Figures run(URI url, List<byte[]> frames, double fps, double seconds, int maxInFlight,
            Consumer<JsonNode> onMessage) throws InterruptedException {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger served = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<JsonNode> lastDropped = new AtomicReference<>();
        Consumer<JsonNode> listener = message -> {
            long now = System.nanoTime();
            String type = message.path("type").asText();
            Long sent = message.has("frame") ? sentAt.remove(message.path("frame").asLong()) : null;
            if ("result".equals(type)) {
                served.incrementAndGet();
                lastDropped.set(message.path("dropped"));
                if (sent != null) {
                    latencies.add((now - sent) / 1e6);
                }
            } else if ("error".equals(type)) {
                errors.incrementAndGet();
            }
            if (onMessage != null) {
                onMessage.accept(message);
            }
        };
        int sentCount = 0;
        long number = 0;
        long period = (long) (1e9 / fps);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        try (LiveClient client = LiveClient.connect(url, listener)) {
            for (long due = start; due < end; due += period) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (maxInFlight > 0) {
                    long now = System.nanoTime();
                    // frames the service dropped never answer: stop waiting for them after a second
                    sentAt.values().removeIf(t -> now - t > 1_000_000_000L);
                    if (sentAt.size() >= maxInFlight) {
                        continue;
                    }
                }
                byte[] frame = frames.get((int) (number % frames.size()));
                sentAt.put(++number, System.nanoTime());
                client.send(frame);
                sentCount++;
            }
            Thread.sleep(1000);
        }
        double elapsed = (end - start) / 1e9;
        JsonNode dropped = lastDropped.get();
        return new Figures(sentCount, served.get(), errors.get(), elapsed, List.copyOf(latencies),
                dropped == null ? 0 : dropped.path("superseded").asLong(),
                dropped == null ? 0 : dropped.path("rate").asLong());
    }
}
